using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Offerwall.Tests.Pages;

/// <summary>One browser context and its first page, with what the page did wrong recorded.</summary>
public sealed class BrowserWindow : IAsyncDisposable
{
    public IBrowserContext Context { get; }
    public IPage Page { get; }

    /// <summary>Requests to hosts other than the server, refused.</summary>
    public ConcurrentQueue<string> Blocked { get; } = new();

    /// <summary>Script errors and Content-Security-Policy or Trusted Types violations reported by the page.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    private readonly string _suffix;

    public BrowserWindow(IBrowserContext context, IPage page, string screenshotSuffix = "")
    {
        Context = context;
        Page = page;
        _suffix = screenshotSuffix;
        page.PageError += (_, error) => Problems.Enqueue("script error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
                || message.Text.Contains("Trusted Type", StringComparison.OrdinalIgnoreCase)))
                Problems.Enqueue("policy violation: " + message.Text);
        };
    }

    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Saves a PNG under the test output's screenshots folder, for a reviewer to look at.</summary>
    public async Task<string> ScreenshotAsync(string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        // Icons load lazily: wait until the ones on screen are there, so the picture shows them.
        await Page.WaitForFunctionAsync("""
            () => [...document.images]
                .filter(i => { const r = i.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; })
                .every(i => i.complete && i.naturalWidth > 0)
            """);
        var path = Path.Combine(ScreenshotFolder, name + _suffix + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    /// <summary>No script error, no policy violation, and no request off this machine but the ones allowed.</summary>
    public void AssertClean(Func<string, bool>? allowedRequest = null)
    {
        Assert.Empty(Problems);
        Assert.All(Blocked, url => Assert.True(allowedRequest?.Invoke(url) ?? false, $"The page asked a third party for {url}"));
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
