using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Offerwall.Data;
using Offerwall.Hosting;

namespace Offerwall.Tests.Infrastructure;

/// <summary>
/// The real server on a real, fresh database, reached over HTTP through the ASP.NET Core test
/// host. One per test class; tests isolate themselves by creating their own partners.
/// The clock is fake and starts at <see cref="Now"/>.
/// </summary>
public abstract class AppFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);

    public const string AdminToken = "test-admin-token-0123456789abcdefghij";

    public FakeTimeProvider Clock { get; } = new(Now);
    public DateTime UtcNow => Clock.GetUtcNow().UtcDateTime;
    public WebApplication App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public abstract DatabaseProvider Provider { get; }
    protected abstract Task<string> CreateDatabaseAsync();
    protected abstract Task DropDatabaseAsync();

    /// <summary>Extra configuration for this fixture's server.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>Extra services or middleware for this fixture's server (after the settings above).</summary>
    protected virtual void Configure(WebApplicationBuilder builder) { }

    /// <summary>Serve on real Kestrel at a free 127.0.0.1 port instead of the in-memory test host: a browser needs a real socket.</summary>
    protected virtual bool UseKestrel => false;

    private string _connectionString = "";

    public async ValueTask InitializeAsync()
    {
        _connectionString = await CreateDatabaseAsync();
        App = await StartAppAsync();
        Client = ClientFor(App);
    }

    private async Task<WebApplication> StartAppAsync()
    {
        var app = OfferwallApp.Build([], builder =>
        {
            if (UseKestrel) builder.WebHost.UseUrls("http://127.0.0.1:0");
            else builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = Provider.ToString(),
                ["Database:ConnectionString"] = _connectionString,
                ["Demo:Enabled"] = "false",
                ["Admin:Token"] = AdminToken,
                // Tests provoke database errors on purpose; the app's own warnings still show.
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
            }.Concat(Settings));
            builder.Services.AddSingleton<TimeProvider>(Clock);
            SuiteLog.Install(builder);
            Configure(builder);
        });
        await OfferwallApp.PrepareAsync(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>A second server process on the same database and clock, as a second node of a deployment.</summary>
    public async Task<SecondNode> SecondNodeAsync()
    {
        var app = await StartAppAsync();
        return new SecondNode(app, ClientFor(app));
    }

    private HttpClient ClientFor(WebApplication app) => UseKestrel ? new HttpClient { BaseAddress = new Uri(app.Urls.First()) } : app.GetTestClient();

    public sealed record SecondNode(WebApplication App, HttpClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (App is not null)
        {
            await RecordSecretsAsync();
            await App.DisposeAsync();
        }
        await DropDatabaseAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>The secrets this server held, for the suite's log scan (<see cref="SuiteLog"/>).</summary>
    private async Task RecordSecretsAsync()
    {
        var config = App.Services.GetRequiredService<IConfiguration>();
        SuiteLog.Secrets([config["Admin:Token"]]);
        await WithDb(async db =>
        {
            SuiteLog.Secrets(await db.Advertisers.Select(a => a.Secret).ToListAsync());
            SuiteLog.Secrets(await db.Partners.Select(p => p.PostbackSecret).ToListAsync());
            return 0;
        });
    }

    public AsyncServiceScope Scope() => App.Services.CreateAsyncScope();

    public async Task<T> WithDb<T>(Func<OfferwallDb, Task<T>> work)
    {
        await using var scope = Scope();
        return await work(scope.ServiceProvider.GetRequiredService<OfferwallDb>());
    }
}
