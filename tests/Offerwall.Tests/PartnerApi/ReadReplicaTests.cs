using System.Net;
using System.Text.Json.Nodes;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.PartnerApi;

/// <summary>
/// Database:ReadConnectionString on a real streaming replica (PostgreSQL only): the Data API and the dashboard's summary read
/// from it, and show the ledger up to the replica's replay point.
/// </summary>
[Collection(nameof(ReplicaCollection))]
public sealed class ReadReplicaTests(ReplicaFixture app) : IClassFixture<ReplicaFixture>
{
    private const string Range = "?from_date=2026-11-20&to_date=2026-11-23";

    private static readonly DateTime Nov20 = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>The page's transaction ids, in order; its total must be their number (total and page from the same side).</summary>
    private static async Task<long[]> PageAsync(TestPartner p)
    {
        var response = await p.ConversionsAsync(Range + "&per_page=10");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var ids = body["data"]!.AsArray().Select(r => (long)r!["transaction_id"]!).ToArray();
        Assert.Equal(ids.Length, (long)body["meta"]!["total"]!);
        return ids;
    }

    private static async Task<long> SummaryConversionsAsync(TestPartner p)
    {
        var response = await p.GetAsync("/data/partner/summary" + Range);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["totals"]!["conversions"]!;
    }

    [Fact]
    public async Task PageAndSummaryReadTheReplicaUpToItsReplayPoint()
    {
        var p = await TestPartner.CreateAsync(app);
        var t1 = await p.ConvertAsync(Nov20, "u1");
        var t2 = await p.ConvertAsync(Nov20.AddHours(1), "u2");
        await app.WaitForReplayAsync();
        // Replayed: the replica answers with the primary's rows.
        Assert.Equal([t1, t2], await PageAsync(p));
        Assert.Equal(2, await SummaryConversionsAsync(p));

        await app.PauseReplayAsync(true);
        long t3, t4;
        try
        {
            // Written on the primary while the replica lags: neither page nor total nor summary has them yet, and they agree.
            t3 = await p.ConvertAsync(app.UtcNow.AddMinutes(-10), "u3");   // an hour still counted live
            t4 = await p.ConvertAsync(Nov20.AddHours(2), "u4");             // a closed hour, its stored counts dropped on the primary
            Assert.Equal([t1, t2], await PageAsync(p));
            Assert.Equal(2, await SummaryConversionsAsync(p));
        }
        finally
        {
            await app.PauseReplayAsync(false);
        }

        await app.WaitForReplayAsync();
        Assert.Equal([t1, t2, t4, t3], await PageAsync(p));
        Assert.Equal(4, await SummaryConversionsAsync(p));
    }

    [Fact]
    public async Task DeepPagesOfStoredHoursAgreeWithTheirTotalOnTheReplica()
    {
        var p = await TestPartner.CreateAsync(app);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add(await p.ConvertAsync(Nov20.AddHours(i), "u" + i));
        await app.WaitForReplayAsync();
        var seen = new List<long>();
        for (var page = 1; page <= 3; page++)
        {
            var response = await p.ConversionsAsync(Range + $"&per_page=2&page={page}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal(5, (long)body["meta"]!["total"]!);
            seen.AddRange(body["data"]!.AsArray().Select(r => (long)r!["transaction_id"]!));
        }
        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task TheReplicasLagIsAGaugeOfTheMetrics()
    {
        await app.WaitForReplayAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var replica = new Npgsql.NpgsqlConnectionStringBuilder(app.ReplicaConnectionString);
        var lag = System.Text.RegularExpressions.Regex.Match(text,
            $@"(?m)^offerwall_replica_lag_seconds\{{[^}}]*replica=""{replica.Host}:{replica.Port}""[^}}]*\}} (?<value>[0-9.eE+-]+)");
        Assert.True(lag.Success, "the replica's lag gauge");
        // Caught up (or nearly: the primary may have written since the wait), so a small figure, never negative.
        Assert.InRange(double.Parse(lag.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture), 0, 60);
    }
}
