using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Offerwall.Bench;

/// <summary>
/// The wall (issue 20): the offer list and the offer start, each against the baseline the issue names.
/// <para>
/// Offer list: GET /v1/client/offers for random users of the demo's Coin Quest (taken from Data API rows, as the client API phase
/// does), with targeting on (the server reads the user's country from the country database scripts/bench writes; the requests carry
/// an Android phone's User-Agent, as in the targeting phase). The catalog is the demo's 50 offers and its 4 controlled ones (one for
/// Germany only and one whose daily cap is reached, so neither is listed), plus any offer an earlier phase of the run imported: run
/// this phase before ingestion and targeting for the 50-offer wall (the table says how many each answer held). Baseline: one real
/// answer of the server for such a user, captured at setup and PUT to the baseline server's /captured, which serves its bytes from
/// memory. Every answer of the server must be 200 and list as many offers as the captured one; every baseline answer must be
/// exactly its length.
/// </para>
/// <para>
/// Offer start: POST /v1/client/offers/{id}/start for a new user each time (a user and a click written, targeting applied) on a
/// random game offer of the captured list, each answer 200 with a tx_id, against raw single-row INSERTs into a copy of the ledger
/// table (<see cref="InsertBaseline"/>, the ingestion baseline: a row of the same order of width as a click's) at the same concurrency.
/// </para>
/// Both: the statements each request runs, from pg_stat_statements (<see cref="PgStatements"/>).
/// </summary>
public static class WallPhase
{
    private const double ListGoal = 0.5;
    private const double StartGoal = 0.3;
    private static readonly byte[] OfferMarker = "\"click_url\":\""u8.ToArray();

    public static async Task RunAsync(BenchContext c, string phase, CancellationToken ct)
    {
        var o = c.Options;
        var t = c.Table;
        using var http = Http.Client(o.Url, o.ClientConcurrency);
        using var baseline = Http.Client(o.BaselineUrl, o.ClientConcurrency);
        // The demo's users of its controlled offers (capped-user-*, demo-*) are left out: each started an offer no longer listed to
        // others (its daily cap is reached), so their wall holds one offer more.
        var users = (await ClientApiPhase.PairsAsync(c, ct)).Select(p => p.User)
            .Where(u => !u.StartsWith("capped-user-", StringComparison.Ordinal) && !u.StartsWith("demo-", StringComparison.Ordinal)).Distinct().ToArray();
        if (users.Length == 0) throw new BenchSetupException("The Data API gave no ordinary demo users to ask the wall for.");

        var (captured, offers, startable) = await CaptureAsync(http, users[0], ct);
        using (var put = new ByteArrayContent(captured))
        {
            put.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var stored = await baseline.PutAsync("/captured", put, ct);
            if (stored.StatusCode != HttpStatusCode.NoContent) throw new BenchSetupException($"PUT /captured on the baseline answered {(int)stored.StatusCode}");
        }
        var echoed = await baseline.GetByteArrayAsync("/captured", ct);
        if (!echoed.AsSpan().SequenceEqual(captured)) throw new BenchSetupException("The baseline's /captured does not give back the answer stored.");
        Console.WriteLine($"  captured list of {users[0]}: {captured.Length} bytes, {offers} offers ({startable.Count} game offers to start); {users.Length} users");

        Func<int, Operation> list = _ =>
        {
            var body = new BodyBuffer();
            return async token =>
            {
                var user = users[Random.Shared.Next(users.Length)];
                using var request = TargetingPhase.Request(HttpMethod.Get, "/v1/client/offers", user);
                var status = await Http.SendAsync(http, request, body, token);
                if (status != HttpStatusCode.OK) return $"{user}: {Http.Failure(status, body)}";
                var listed = Http.Count(body.Span, OfferMarker);
                return listed == offers ? null : $"{user}: {listed} offers listed, not {offers}";
            };
        };
        var listResult = await Load.CompareAsync(o, o.ClientConcurrency, "lists", list, _ =>
        {
            var body = new BodyBuffer();
            return async token =>
            {
                var status = await Http.GetAsync(baseline, "/captured", body, token);
                if (status != HttpStatusCode.OK) return Http.Failure(status, body);
                return body.Length == captured.Length ? null : $"{body.Length} bytes, not {captured.Length}";
            };
        }, ct);
        var listRatio = listResult.Ours.MedianRate / listResult.Theirs.MedianRate;
        t.Add(phase, $"wall offer lists/s ({TargetingPhase.Country} Android users, targeting on, {offers} offers) vs the same JSON from memory/s, " +
                     $"{o.ClientConcurrency} conn. (median of {listResult.Ours.Count})",
            Fmt.Int(listResult.Ours.MedianRate), Fmt.Int(listResult.Theirs.MedianRate), Fmt.Ratio(listRatio), $"≥ {ListGoal:F2}", Fmt.Met(listRatio >= ListGoal));
        AddSideRows(t, phase, listResult, baselineCpu: true);
        t.Add(phase, "  list answer size (bytes, the captured one)", Fmt.Int(captured.Length), Fmt.Int(captured.Length));
        PgStatements.AddRow(t, phase, "lists", await PgStatements.MeasureAsync(o, "offer list", list, ct), null);
        t.AddFailures(phase, listResult.Failures, listResult.BaselineFailures, "  lists: failed requests");

        await using var inserts = await InsertBaseline.CreateAsync(o.Engine, o.Db, o.ClientConcurrency, ct);
        var tag = BenchContext.NewTag();
        var next = 0L;
        Func<int, Operation> start = _ =>
        {
            var body = new BodyBuffer();
            return async token =>
            {
                var offer = startable[Random.Shared.Next(startable.Count)];
                var user = $"wall-{tag}-u{Interlocked.Increment(ref next)}";
                using var request = TargetingPhase.Request(HttpMethod.Post, $"/v1/client/offers/{Uri.EscapeDataString(offer)}/start", user);
                var status = await Http.SendAsync(http, request, body, token);
                if (status != HttpStatusCode.OK) return $"{user} / {offer}: {Http.Failure(status, body)}";
                return body.Span.IndexOf("\"tx_id\":\""u8) < 0 ? $"{user} / {offer}: no tx_id in {Load.Shorten(Encoding.UTF8.GetString(body.Span))}" : null;
            };
        };
        Func<int, Operation> insert = inserts.Worker;
        var startResult = await Load.CompareAsync(o, o.ClientConcurrency, "starts", start, insert, ct);
        var startRatio = startResult.Ours.MedianRate / startResult.Theirs.MedianRate;
        t.Add(phase, $"offer starts/s (new user and click each) vs single-row INSERTs/s (ledger copy), {o.ClientConcurrency} conn. (median of {startResult.Ours.Count})",
            Fmt.Int(startResult.Ours.MedianRate), Fmt.Int(startResult.Theirs.MedianRate), Fmt.Ratio(startRatio), $"≥ {StartGoal:F2}", Fmt.Met(startRatio >= StartGoal));
        AddSideRows(t, phase, startResult, baselineCpu: false);
        PgStatements.AddRow(t, phase, "starts", await PgStatements.MeasureAsync(o, "offer start", start, ct),
            await PgStatements.MeasureAsync(o, "single-row INSERT", insert, ct));
        var rows = await inserts.CountAsync(ct);
        if (rows != inserts.Inserted) t.Fail(phase, $"the baseline table has {rows} rows for {inserts.Inserted} successful INSERTs");
        t.AddFailures(phase, startResult.Failures, startResult.BaselineFailures, "  starts: failed requests");
    }

    private static void AddSideRows(ResultTable t, string phase, Load.Comparison r, bool baselineCpu)
    {
        t.Add(phase, "  their latency p50 / p99 (ms)", $"{Fmt.Ms(r.Ours.Percentile(0.5))} / {Fmt.Ms(r.Ours.Percentile(0.99))}",
            $"{Fmt.Ms(r.Theirs.Percentile(0.5))} / {Fmt.Ms(r.Theirs.Percentile(0.99))}");
        t.Add(phase, "  server process CPU per request (ms)", r.Ours.CpuPerOperation, baselineCpu ? r.Theirs.CpuPerOperation : "");
    }

    /// <summary>One real list answer: its bytes, how many offers it holds (listed and started), and the ids of its game offers the user may start.</summary>
    private static async Task<(byte[] Body, int Offers, List<string> Startable)> CaptureAsync(HttpClient http, string user, CancellationToken ct)
    {
        using var request = TargetingPhase.Request(HttpMethod.Get, "/v1/client/offers", user);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new BenchSetupException($"GET /v1/client/offers for {user} answered {(int)response.StatusCode}: {Load.Shorten(Encoding.UTF8.GetString(body))}");
        using var json = JsonDocument.Parse(body);
        var data = json.RootElement.GetProperty("data");
        var listed = data.GetProperty("offers").EnumerateArray().ToList();
        var offers = listed.Count + data.GetProperty("started_offers").GetArrayLength();
        var marked = Http.Count(body, OfferMarker);
        if (marked != offers) throw new BenchSetupException($"The captured list holds {offers} offers but {marked} click_url keys: the check would be wrong.");
        var startable = listed
            .Where(x => !x.GetProperty("categories").EnumerateArray().Any(c => c.GetString() == "Survey"))
            .Select(x => x.GetProperty("id").GetString()!).ToList();
        if (startable.Count == 0) throw new BenchSetupException($"The list of {user} has no game offer to start.");
        return (body, offers, startable);
    }
}
