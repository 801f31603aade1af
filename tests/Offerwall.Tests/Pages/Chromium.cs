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
