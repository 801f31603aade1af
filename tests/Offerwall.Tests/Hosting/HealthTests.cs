using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Hosting;

/// <summary>
/// /health/live, /health/ready and /admin/health over real HTTP: a good server is ready; a database that goes away, a node on a database
/// that is missing, not migrated or migrated by a newer version, and a configured country database not yet loaded are not; the detail
/// view needs the admin token and shows no secret. The engine says how its database is taken away and where a missing one is.
/// </summary>
public abstract class HealthTests(AppFixture app, HealthFiles files)
{
    private static readonly string[] CheckNames = ["database", "migrations", "ledger_months", "geo_database", "vpn_database", "postback_worker"];

    /// <summary>The fixture's database as the server reaches it.</summary>
    protected abstract string ConnectionString { get; }

    /// <summary>Makes the fixture's database unreachable for the running server; disposing the answer brings it back.</summary>
    protected abstract Task<IAsyncDisposable> TakeDatabaseAwayAsync();

    /// <summary>A connection string to a database that does not exist.</summary>
    protected abstract string MissingDatabase();

    /// <summary>A database that exists and is empty (never migrated); disposing the answer drops it.</summary>
    protected abstract Task<(string ConnectionString, IAsyncDisposable Drop)> EmptyDatabaseAsync();

    [Fact]
    public async Task LiveAnswersHealthyInPlainTextWithoutAuthAndIsNeverCached()
    {
        using var response = await app.Client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
    }

    [Fact]
    public async Task ReadyAnswersHealthyOnAGoodServerWithItsCountryAndAnonymousIpDatabasesLoaded()
    {
        var (status, text, response) = await ReadyAsync(app.Client);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (status, text));
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");

        var detail = await DetailAsync(app.Client);
        Assert.Equal("Healthy", (string?)detail["status"]);
        Assert.StartsWith("Loaded", Description(detail, "geo_database"));
        Assert.StartsWith("Loaded", Description(detail, "vpn_database"));
        Assert.StartsWith("All ", Description(detail, "migrations"));
        Assert.Contains("last heartbeat", Description(detail, "postback_worker"));
    }

    [Fact]
    public async Task AdminHealthNeedsTheAdminTokenAndShowsEachCheckWithoutASecret()
    {
        using (var none = await app.Client.GetAsync("/admin/health"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        }
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/admin/health"))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-admin-token-0123456789abcdef");
            using var answer = await app.Client.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        }

        using var request = Admin();
        using var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        var text = await response.Content.ReadAsStringAsync();
        var detail = JsonNode.Parse(text)!;
        Assert.Equal("Healthy", (string?)detail["status"]);
        Assert.True((double)detail["duration_ms"]! >= 0);
        var checks = detail["checks"]!.AsArray();
        Assert.Equal(CheckNames, checks.Select(c => (string)c!["name"]!));
        Assert.All(checks, c =>
        {
            Assert.Equal("Healthy", (string?)c!["status"]);
            Assert.False(string.IsNullOrEmpty((string?)c["description"]));
            Assert.True((double)c["duration_ms"]! >= 0);
        });
        Assert.DoesNotContain(AppFixture.AdminToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ConnectionString, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ReadyAnswers503WhileTheDatabaseIsGoneAndHealthyOnceItIsBack()
    {
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(app.Client)).Status);
        var away = await TakeDatabaseAwayAsync();
        try
        {
            var (status, text, _) = await ReadyAsync(app.Client);
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (status, text));
            var detail = await DetailAsync(app.Client);
            Assert.Equal("Unhealthy", (string?)detail["status"]);
            Assert.Equal("Unhealthy", Status(detail, "database"));
            Assert.Equal("Healthy", Status(detail, "postback_worker"));
            Assert.DoesNotContain(ConnectionString, detail.ToJsonString(), StringComparison.Ordinal);
            // Live is the process alone: still up.
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            await away.DisposeAsync();
        }
        Assert.Equal((HttpStatusCode.OK, "Healthy"), Short(await ReadyAsync(app.Client)));
    }

    [Fact]
    public async Task ANodeStartedOnAMissingDatabaseIsNotReadyAndSaysItsPostbackWorkerIsOff()
    {
        await using var node = await BareNode.StartAsync(app.Provider, MissingDatabase());
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/health/live")).StatusCode);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), Short(await ReadyAsync(node.Client)));
        var detail = await DetailAsync(node.Client);
        Assert.Equal("Unhealthy", Status(detail, "database"));
        Assert.Equal("Unhealthy", Status(detail, "migrations"));
        Assert.Equal("Healthy", Status(detail, "postback_worker"));
        Assert.Contains("off on this node", Description(detail, "postback_worker"));
        Assert.StartsWith("None configured", Description(detail, "geo_database"));
    }

    [Fact]
    public async Task ANodeStartedOnADatabaseNotYetMigratedIsNotReady()
    {
        var (connectionString, drop) = await EmptyDatabaseAsync();
        await using var _ = drop;
        await using var node = await BareNode.StartAsync(app.Provider, connectionString);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), Short(await ReadyAsync(node.Client)));
        var detail = await DetailAsync(node.Client);
        Assert.Equal("Healthy", Status(detail, "database"));
        Assert.Equal("Unhealthy", Status(detail, "migrations"));
        Assert.Contains("not applied", Description(detail, "migrations"));
    }

    [Fact]
    public async Task ANodeOnADatabaseThatANewerVersionMigratedIsNotReady()
    {
        const string future = "29991231235959_FromANewerVersion";
        await app.WithDb(db => db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO \"__EFMigrationsHistory\" (migration_id, product_version) VALUES ('{future}', '99.0.0')"));
        try
        {
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), Short(await ReadyAsync(app.Client)));
            var detail = await DetailAsync(app.Client);
            Assert.Equal("Healthy", Status(detail, "database"));
            Assert.Equal("Unhealthy", Status(detail, "migrations"));
            Assert.Contains("does not know", Description(detail, "migrations"));
            Assert.Contains(future, Description(detail, "migrations"));
        }
        finally
        {
            await app.WithDb(db => db.Database.ExecuteSqlRawAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE migration_id = '{future}'"));
        }
        Assert.Equal((HttpStatusCode.OK, "Healthy"), Short(await ReadyAsync(app.Client)));
    }

    [Fact]
    public async Task AConfiguredCountryDatabaseKeepsTheNodeUnreadyUntilItsFileIsLoaded()
    {
        var path = files.Missing($"late-{Guid.NewGuid():N}.mmdb");
        await using var node = await BareNode.StartAsync(app.Provider, ConnectionString, [new("Geo:CountryDatabase", path)]);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), Short(await ReadyAsync(node.Client)));
        var detail = await DetailAsync(node.Client);
        Assert.Equal("Unhealthy", Status(detail, "geo_database"));
        Assert.Contains("not loaded", Description(detail, "geo_database"));
        Assert.DoesNotContain(path, detail.ToJsonString(), StringComparison.Ordinal);

        // The file appears; it is read once it has stayed the same for one check (Geo:ReloadCheckInterval, 1 s).
        HealthFiles.WriteCountry(path);
        node.Clock.Advance(TimeSpan.FromSeconds(1));
        node.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), Short(await ReadyAsync(node.Client)));
        Assert.StartsWith("Loaded", Description(await DetailAsync(node.Client), "geo_database"));
    }

    private static (HttpStatusCode, string) Short((HttpStatusCode Status, string Text, HttpResponseMessage _) ready) => (ready.Status, ready.Text);

    private static async Task<(HttpStatusCode Status, string Text, HttpResponseMessage Response)> ReadyAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health/ready");
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private static HttpRequestMessage Admin()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/health");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        return request;
    }

    internal static async Task<JsonNode> DetailAsync(HttpClient client)
    {
        using var request = Admin();
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    internal static string? Status(JsonNode detail, string check) => (string?)Check(detail, check)["status"];

    internal static string Description(JsonNode detail, string check) => (string?)Check(detail, check)["description"] ?? "";

    private static JsonNode Check(JsonNode detail, string name) =>
        detail["checks"]!.AsArray().Single(c => (string?)c!["name"] == name)!;
}
