using System.Net;
using System.Text.Json;

namespace Offerwall.Bench;

/// <summary>
/// Client API: offer details (GET /v1/client/user/history/offers/{offer_id}) of random users, as
/// many as the server answers at 32 connections, vs a fixed 1 KB JSON document from the baseline.
/// The (user, offer) pairs are real ones: taken from Data API rows of the demo's Coin Quest, whose app
/// token the requests carry. Any answer but 200 is a failure.
/// </summary>
public static class ClientApiPhase
{
    public const string AppToken = "demo_coinquest_app_token";
    private const int PairPages = 5;
    private const double Goal = 0.15;

    public static async Task RunAsync(BenchContext c, string phase, CancellationToken ct)
    {
        var o = c.Options;
        using var http = Http.Client(o.Url, o.ClientConcurrency);
        using var baseline = Http.Client(o.BaselineUrl, o.ClientConcurrency);
        var pairs = await PairsAsync(c, ct);
        Console.WriteLine($"  {pairs.Length} distinct (user_id, offer_id) pairs from {PairPages} Data API pages");

        var size = 0;
        Func<int, Operation> details = _ =>
        {
            var body = new BodyBuffer();
            return async token =>
            {
                var (user, offer) = pairs[Random.Shared.Next(pairs.Length)];
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/client/user/history/offers/{Uri.EscapeDataString(offer)}");
                request.Headers.Add("X-Api-Token", AppToken);
                request.Headers.Add("X-User-Id", user);
                var status = await Http.SendAsync(http, request, body, token);
                if (status != HttpStatusCode.OK) return $"{user} / {offer}: {Http.Failure(status, body)}";
                size = body.Length;
                return null;
            };
        };
        var (ours, theirs, failures, baselineFailures) = await Load.CompareAsync(o, o.ClientConcurrency, "requests", details, _ =>
        {
            var body = new BodyBuffer();
            return async token =>
            {
                var status = await Http.GetAsync(baseline, "/1kb", body, token);
                return status == HttpStatusCode.OK ? null : Http.Failure(status, body);
            };
        }, ct);

        var t = c.Table;
        var ratio = ours.MedianRate / theirs.MedianRate;
        t.Add(phase, $"offer details/s vs fixed 1 KB JSON/s, {o.ClientConcurrency} conn. (median of {ours.Count})", Fmt.Int(ours.MedianRate),
            Fmt.Int(theirs.MedianRate), Fmt.Ratio(ratio), $"≥ {Goal:F2}", Fmt.Met(ratio >= Goal));
        t.Add(phase, "  their latency p50 / p99 (ms)", $"{Fmt.Ms(ours.Percentile(0.5))} / {Fmt.Ms(ours.Percentile(0.99))}",
            $"{Fmt.Ms(theirs.Percentile(0.5))} / {Fmt.Ms(theirs.Percentile(0.99))}");
        t.Add(phase, "  server process CPU per request (ms)", ours.CpuPerOperation, theirs.CpuPerOperation);
        PgStatements.AddRow(t, phase, "offer details", await PgStatements.MeasureAsync(o, "offer details", details, ct), null);
        t.Add(phase, "answer size (bytes, one sample)", Fmt.Int(size), "1,024");
        t.AddFailures(phase, failures, baselineFailures);
    }

    /// <summary>The users and offers of Data API rows, from pages spread over the range.</summary>
    internal static async Task<(string User, string Offer)[]> PairsAsync(BenchContext c, CancellationToken ct)
    {
        using var http = DataApiPhase.PartnerClient(c.Options.Url, 1);
        var range = c.Range ??= await DataApiPhase.ChooseRangeAsync(http, ct);
        var pairs = new HashSet<(string, string)>();
        foreach (var page in Enumerable.Range(0, PairPages).Select(i => 1 + (int)((long)(range.LastPage - 1) * i / Math.Max(PairPages - 1, 1))).Distinct())
        {
            var path = range.Path(page);
            using var response = await http.GetAsync(path, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK) throw new BenchSetupException($"GET {path} answered {(int)response.StatusCode}: {Load.Shorten(text)}");
            using var json = JsonDocument.Parse(text);
            foreach (var row in json.RootElement.GetProperty("data").EnumerateArray())
                pairs.Add((row.GetProperty("user_id").GetString()!, row.GetProperty("offer_id").GetString()!));
        }
        if (pairs.Count == 0) throw new BenchSetupException("The Data API gave no rows to take users and offers from.");
        return pairs.ToArray();
    }
}
