using System.Collections.Concurrent;
using Microsoft.Playwright;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Pages;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium, which scripts/test installs like PostgreSQL), driven
/// headless by Playwright. Playwright's own browser download is never used. One browser per test
/// class; each test gets a fresh context (no shared cookies or storage).
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing: run the tests with scripts/test, which installs Debian's chromium package.");
        // A loaded two-core machine runs the server, the database and the browser at once: allow more than the default 5 s.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A new browser window of <paramref name="width"/> × <paramref name="height"/> CSS pixels on the fixture's server.</summary>
    public async Task<BrowserWindow> OpenAsync(AppFixture app, int width, int height)
    {
        var baseUrl = app.Client.BaseAddress ?? throw new InvalidOperationException("The fixture's server is not on Kestrel.");
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(20_000);
        // Both engines' runs save their pictures: the PostgreSQL ones with a suffix, so neither overwrites the other.
        var window = new BrowserWindow(context, await context.NewPageAsync(), app.Provider == Offerwall.Data.DatabaseProvider.Postgres ? "-postgres" : "");
        // Nothing leaves this machine: a request to any other host is recorded and refused. The pages
        // themselves must make none; the only expected one is the advertiser's tracking link that Start opens.
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Host == baseUrl.Host && url.Port == baseUrl.Port) await route.ContinueAsync();
            else
            {
                window.Blocked.Enqueue(route.Request.Url);
                await route.AbortAsync("blockedbyclient");
            }
        });
        return window;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

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
