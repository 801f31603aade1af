using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Offerwall.Postbacks;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Operations;

/// <summary>
/// GET /metrics: the admin token only, the Prometheus text format, and the server's own series counting what happened. The counters are
/// the process's (other test classes count into them at the same time), so a test reads them before and after and asks for at least.
/// </summary>
public abstract partial class MetricsTests(AppFixture app) : IAsyncLifetime
{
    private PostbackSink _sink = null!;

    public async ValueTask InitializeAsync() => _sink = await PostbackSink.StartAsync();
    public async ValueTask DisposeAsync() { await _sink.DisposeAsync(); GC.SuppressFinalize(this); }

    private async Task<(HttpStatusCode Status, string? Type, string Text)> ScrapeAsync(string? token = AppFixture.AdminToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await app.Client.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The sum of a series' samples whose labels include every one of <paramref name="labels"/> (0 when none).</summary>
    public static double Value(string text, string name, params (string Key, string Value)[] labels)
    {
        double sum = 0;
        foreach (Match m in Sample().Matches(text))
        {
            if (m.Groups["name"].Value != name) continue;
            var have = m.Groups["labels"].Value;
            if (labels.All(l => have.Contains($"{l.Key}=\"{l.Value}\"", StringComparison.Ordinal)))
                sum += double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return sum;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>[-+0-9.eE]+|NaN|\+Inf)", RegexOptions.Multiline)]
    private static partial Regex Sample();

    [Fact]
    public async Task OnlyTheAdminTokenReadsTheMetrics()
    {
        var (status, type, text) = await ScrapeAsync(null);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", type);
        Assert.DoesNotContain("offerwall_", text);
        var m = await Market.CreateAsync(app);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ScrapeAsync(m.ServerKey)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ScrapeAsync(AppFixture.AdminToken + "x")).Status);

        (status, type, text) = await ScrapeAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/plain", type);
        // The runtime's series and the queue's gauges are there from the first scrape; no secret ever is. (ASP.NET Core's own come from a
        // meter each server makes for itself, which the several test servers of this process share out among them: not asserted here.)
        Assert.Contains("# TYPE dotnet_gc_collections_total counter", text);
        Assert.Matches(@"(?m)^offerwall_delivery_queue_depth\{[^}]*\} \d+", text);
        Assert.Matches(@"(?m)^offerwall_delivery_queue_oldest_due_age_seconds\{[^}]*\} [0-9.eE+]+", text);
        Assert.DoesNotContain(AppFixture.AdminToken, text);
        Assert.DoesNotContain(m.ServerKey, text);
    }

    [Fact]
    public async Task PostbacksConversionsDeliveriesAndPagesAreCounted()
    {
        var sent = await Market.CreateAsync(app, postbackUrl: _sink.Url + "/pb?tx={transaction_id}");
        var failing = await Market.CreateAsync(app, postbackUrl: _sink.Url + "/fail?tx={transaction_id}");
        _sink.Respond = r => Task.FromResult(r.Url.Contains("/fail", StringComparison.Ordinal) ? 500 : 200);
        var (_, _, before) = await ScrapeAsync();

        var tx = await sent.StartAsync("u1");
        Assert.Equal(HttpStatusCode.OK, (await sent.PostbackAsync(tx, sent.Install)).Status);
        Assert.Equal(HttpStatusCode.OK, (await sent.PostbackAsync(tx, sent.Install)).Status);               // a repeat
        var (levelStatus, level) = await sent.PostbackAsync(tx, sent.Level);                                   // held 24 hours: pending
        Assert.Equal((HttpStatusCode.OK, "pending"), (levelStatus, (string?)level["conversion_status"]));
        Assert.Equal(HttpStatusCode.Unauthorized, (await sent.PostbackAsync(tx, sent.Purchase, signature: "00")).Status);
        Assert.Equal(HttpStatusCode.OK, (await failing.PostbackAsync(await failing.StartAsync("u2"), failing.Install)).Status);
        Assert.Equal(HttpStatusCode.OK, (await sent.PartnerGetAsync("/data/partner/conversions")).Status);
        var worker = app.App.Services.GetRequiredService<PostbackWorker>();
        Assert.True(await worker.RunOnceAsync(CancellationToken.None) >= 2);   // with what the class's other tests left due

        var (_, _, after) = await ScrapeAsync();
        double Delta(string name, params (string, string)[] labels) => Value(after, name, labels) - Value(before, name, labels);
        Assert.True(Delta("offerwall_postbacks_total", ("outcome", "accepted")) >= 3);
        Assert.True(Delta("offerwall_postbacks_total", ("outcome", "duplicate")) >= 1);
        Assert.True(Delta("offerwall_postbacks_total", ("outcome", "refused"), ("reason", "invalid_signature")) >= 1);
        Assert.True(Delta("offerwall_conversions_changes_total", ("from", "new"), ("to", "approved")) >= 2);
        Assert.True(Delta("offerwall_conversions_changes_total", ("from", "new"), ("to", "pending")) >= 1);
        Assert.True(Delta("offerwall_data_api_pages_total") >= 1);
        // Deliveries carry the partner's id (another test server of this process may have partners of the same ids, so at least).
        var sentId = sent.PartnerId.ToString(CultureInfo.InvariantCulture);
        var failingId = failing.PartnerId.ToString(CultureInfo.InvariantCulture);
        Assert.True(Delta("offerwall_deliveries_total", ("outcome", "sent"), ("partner_id", sentId)) >= 1);
        Assert.True(Delta("offerwall_deliveries_total", ("outcome", "failed"), ("partner_id", failingId)) >= 1);

        // The pending one approved by the operator two hours later: counted with its lag since it arrived.
        app.Clock.Advance(TimeSpan.FromHours(2));
        await Market.AdminAsync(app, $"/admin/conversions/{(long)level["transaction_id"]!}/approve", new { reason = "checked" });
        var (_, _, approved) = await ScrapeAsync();
        Assert.True(Value(approved, "offerwall_approval_lag_seconds_count", ("by", "operator")) - Value(after, "offerwall_approval_lag_seconds_count", ("by", "operator")) >= 1);
        Assert.True(Value(approved, "offerwall_approval_lag_seconds_bucket", ("by", "operator"), ("le", "3600"))
            < Value(approved, "offerwall_approval_lag_seconds_bucket", ("by", "operator"), ("le", "21600")), "two hours lie between 1 h and 6 h");
        Assert.True(Value(approved, "offerwall_conversions_changes_total", ("from", "pending"), ("to", "approved"))
            > Value(after, "offerwall_conversions_changes_total", ("from", "pending"), ("to", "approved")));
    }

    [Fact]
    public async Task DebiansPrometheusScrapesTheServerAndAnswersADomainQuery()
    {
        var m = await Market.CreateAsync(app, postbackUrl: _sink.Url + "/pb?tx={transaction_id}");
        Assert.Equal(HttpStatusCode.OK, (await m.PostbackAsync(await m.StartAsync("p1"), m.Install)).Status);
        Assert.Equal(HttpStatusCode.OK, (await m.PostbackAsync(await m.StartAsync("p2"), m.Install)).Status);
        Assert.True(await app.App.Services.GetRequiredService<PostbackWorker>().RunOnceAsync(CancellationToken.None) >= 2);   // with the class's others

        await using var prometheus = await Prometheus.StartAsync(app.Client.BaseAddress!, AppFixture.AdminToken);
        var id = m.PartnerId.ToString(CultureInfo.InvariantCulture);
        var query = $"sum(offerwall_deliveries_total{{job=\"offerwall\",outcome=\"sent\",partner_id=\"{id}\"}})";
        await prometheus.WaitAsync(async () => (await prometheus.QueryAsync(query)) is [{ Value: >= 2 }], "the partner's two sent deliveries in Prometheus");
        // The scrape itself is healthy: up is 1, and the queue's gauges came with the counters.
        Assert.Equal(1, Assert.Single(await prometheus.QueryAsync("up{job=\"offerwall\"}")).Value);
        Assert.NotEmpty(await prometheus.QueryAsync("offerwall_delivery_queue_depth{job=\"offerwall\"}"));
    }
}
