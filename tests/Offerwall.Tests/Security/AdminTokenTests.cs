using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Offerwall.Hosting;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

/// <summary>The shipped defaults: demo data on, no admin token configured (a small demo, for speed).</summary>
public static class DemoDefaults
{
    public static void Apply(WebApplicationBuilder builder, LogRecorder logs)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Demo:Enabled"] = "true", ["Demo:Rows"] = "300", ["Admin:Token"] = "" });
        logs.Install(builder);
    }
}

public sealed class SqliteDemoFixture : SqliteFixture
{
    public LogRecorder Logs { get; } = new();
    protected override void Configure(WebApplicationBuilder builder) => DemoDefaults.Apply(builder, Logs);
}

public sealed class PostgresDemoFixture : PostgresFixture
{
    public LogRecorder Logs { get; } = new();
    protected override void Configure(WebApplicationBuilder builder) => DemoDefaults.Apply(builder, Logs);
}

public sealed class DemoAdminTokenOnSqlite(SqliteDemoFixture app) : DemoAdminTokenTests(app, app.Logs), IClassFixture<SqliteDemoFixture>;

public sealed class DemoAdminTokenOnPostgres(PostgresDemoFixture app) : DemoAdminTokenTests(app, app.Logs), IClassFixture<PostgresDemoFixture>;

/// <summary>The demo's documented admin token exists only while the database holds the demo data this server generated, and nothing else.</summary>
public abstract class DemoAdminTokenTests(AppFixture app, LogRecorder logs)
{
    public static async Task<(HttpStatusCode Status, string Body)> AdminGetAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/partners");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OnTheDemoDataItGeneratedTheServerAnswersToTheDemoToken()
    {
        var (status, body) = await AdminGetAsync(app.Client, "demo_admin_token");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Coin Quest", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AdminGetAsync(app.Client, AppFixture.AdminToken)).Status);
    }

    [Fact]
    public async Task ADatabaseWithAPartnerTheDemoDidNotCreateNeverAnswersToTheDemoToken()
    {
        using (var create = new HttpRequestMessage(HttpMethod.Post, "/admin/partners"))
        {
            create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "demo_admin_token");
            create.Content = System.Net.Http.Json.JsonContent.Create(new { name = "A real app", currency_name = "Coins", currency_ratio = 100m, revenue_share = 0.5m });
            Assert.Equal(HttpStatusCode.Created, (await app.Client.SendAsync(create)).StatusCode);
        }
        // The next start (here a second node on the same database) decides again, and refuses the token.
        await using var next = await app.SecondNodeAsync();
        var (status, body) = await AdminGetAsync(next.Client, "demo_admin_token");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.DoesNotContain("A real app", body, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("the demo admin token is off", StringComparison.Ordinal));
        // The demo's other documented credentials are data, and keep working.
        Assert.Equal(HttpStatusCode.OK, (await Shop.SendAsync(app, HttpMethod.Get, "/v1/client/offers", "demo_coinquest_app_token", "u")).Status);
    }
}

public sealed class AdminLockoutFixture : SqliteFixture
{
    protected override void Configure(WebApplicationBuilder builder) => ClientAddressStartupFilter.Install(builder);
}

/// <summary>Admin token strength and guessing: a short token is refused at start, and failed attempts are limited per address.</summary>
public sealed class AdminTokenStrengthTests(AdminLockoutFixture app) : IClassFixture<AdminLockoutFixture>
{
    private async Task<HttpResponseMessage> AdminFromAsync(string address, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/promotions") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add(ClientAddressStartupFilter.Header, address);
        return await app.Client.SendAsync(request);
    }

    [Theory]
    [InlineData("short-token")]
    [InlineData("0123456789abcdef0123456789abcde")]   // 31 characters
    [InlineData("demo_admin_token")]                   // the demo's token is never a configured one
    public async Task AnAdminTokenShorterThan32CharactersIsRefusedAtStart(string token)
    {
        var path = Path.Combine(Path.GetTempPath(), $"offerwall-test-{Guid.NewGuid():N}.db");
        await using var server = OfferwallApp.Build([], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:ConnectionString"] = $"Data Source={path}", ["Demo:Enabled"] = "false", ["Admin:Token"] = token,
            });
        });
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => server.StartAsync());
        Assert.Contains("Admin:Token must be at least 32 characters", refused.Message, StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
    }

    [Fact]
    public async Task AfterTenFailedAuthenticationsAnAddressIsRefusedEvenWithTheRightTokenAndOthersAreNot()
    {
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await AdminFromAsync("192.0.2.50", "guess-" + i.ToString(CultureInfo.InvariantCulture))).StatusCode);
        var locked = await AdminFromAsync("192.0.2.50", AppFixture.AdminToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.InRange(int.Parse(locked.Headers.RetryAfter!.ToString(), CultureInfo.InvariantCulture), 1, 60);
        var problem = JsonNode.Parse(await locked.Content.ReadAsStringAsync())!;
        Assert.Equal(429, (int)problem["status"]!);

        // Another address, with the right token, is served (the body is bound: 400 for the empty promotion).
        Assert.Equal(HttpStatusCode.BadRequest, (await AdminFromAsync("192.0.2.51", AppFixture.AdminToken)).StatusCode);
        // Successes count for nothing: an address that knows the token is never locked out by using it.
        for (var i = 0; i < 20; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await AdminFromAsync("192.0.2.52", AppFixture.AdminToken)).StatusCode);
    }
}
