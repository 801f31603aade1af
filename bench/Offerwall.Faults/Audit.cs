using System.Globalization;
using Npgsql;

namespace Offerwall.Faults;

public sealed record ConversionRow(long Id, string Key, int Status);

public sealed record LedgerRow(long Id, long TransactionId, bool Reverse);

public sealed record DeliveryRow(long Id, long ConversionId, long? LedgerEntryId, bool Reverse, string Event, int Status, int Attempts,
    DateTime CreatedAt, DateTime? DeliveredAt);

public sealed record AttemptRow(long Id, long DeliveryId, DateTime At, int? StatusCode, int LatencyMs, string Response)
{
    public bool Success => StatusCode is >= 200 and < 300;
}

public sealed record ChangeRow(long ConversionId, int? From, int To, string Actor);

/// <summary>
/// What PostgreSQL holds for one partner, read directly (Npgsql, not the server): conversions keyed by
/// (click tx_id, goal, event), ledger rows, deliveries, attempts and state changes.
/// </summary>
public sealed class DbSnapshot
{
    public const int Pending = 0, Approved = 1, Cancelled = 2, Reversed = 3;   // conversions.status
    public const int DeliveryPending = 0, DeliveryDelivered = 1, DeliveryDead = 2;   // postback_deliveries.status

    public required List<ConversionRow> Conversions { get; init; }
    public required List<LedgerRow> Ledger { get; init; }
    public required List<DeliveryRow> Deliveries { get; init; }
    public required ILookup<long, AttemptRow> Attempts { get; init; }
    public required List<ChangeRow> Changes { get; init; }

    public static async Task<DbSnapshot> ReadAsync(string connectionString, long partnerId, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(ct);
        // One snapshot for all five reads.
        await using var tx = await db.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);

        var conversions = await ReadAsync(db, """
            SELECT c.id, k.tx_id, g.public_id, c.advertiser_event_id, c.status
            FROM conversions c JOIN clicks k ON k.id = c.click_id JOIN goals g ON g.id = c.goal_id
            WHERE c.partner_id = @p
            """, partnerId, r => new ConversionRow(r.GetInt64(0), $"{r.GetString(1)}|{r.GetString(2)}|{r.GetString(3)}", r.GetInt32(4)), ct);
        var ledger = await ReadAsync(db, "SELECT id, transaction_id, reverse FROM ledger WHERE partner_id = @p", partnerId,
            r => new LedgerRow(r.GetInt64(0), r.GetInt64(1), r.GetBoolean(2)), ct);
        var deliveries = await ReadAsync(db, """
            SELECT id, conversion_id, ledger_entry_id, reverse, event, status, attempts, created_at, delivered_at
            FROM postback_deliveries WHERE partner_id = @p ORDER BY id
            """, partnerId, r => new DeliveryRow(r.GetInt64(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.GetBoolean(3), r.GetString(4),
                r.GetInt32(5), r.GetInt32(6), r.GetDateTime(7), r.IsDBNull(8) ? null : r.GetDateTime(8)), ct);
        var attempts = await ReadAsync(db, """
            SELECT a.id, a.delivery_id, a.at, a.status_code, a.latency_ms, a.response
            FROM postback_attempts a JOIN postback_deliveries d ON d.id = a.delivery_id
            WHERE d.partner_id = @p ORDER BY a.delivery_id, a.at, a.id
            """, partnerId, r => new AttemptRow(r.GetInt64(0), r.GetInt64(1), r.GetDateTime(2), r.IsDBNull(3) ? null : r.GetInt32(3), r.GetInt32(4), r.GetString(5)), ct);
        var changes = await ReadAsync(db, """
            SELECT h.conversion_id, h.from_status, h.to_status, h.actor
            FROM conversion_changes h JOIN conversions c ON c.id = h.conversion_id
            WHERE c.partner_id = @p
            """, partnerId, r => new ChangeRow(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt32(1), r.GetInt32(2), r.GetString(3)), ct);
        await tx.CommitAsync(ct);
        return new DbSnapshot
        {
            Conversions = conversions, Ledger = ledger, Deliveries = deliveries, Attempts = attempts.ToLookup(a => a.DeliveryId), Changes = changes,
        };
    }

    /// <summary>How many deliveries of the partner are pending, dead, and in all.</summary>
    public static async Task<(long Pending, long Dead, long Total)> DeliveryCountsAsync(string connectionString, long partnerId, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE status = 0), count(*) FILTER (WHERE status = 2), count(*) FROM postback_deliveries WHERE partner_id = @p", db);
        command.Parameters.AddWithValue("p", partnerId);
        await using var r = await command.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
    }

    public static async Task<int> ExecuteAsync(string connectionString, string sql, Action<NpgsqlParameterCollection> parameters, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, db);
        parameters(command.Parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql, Action<NpgsqlParameterCollection> parameters, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, db);
        parameters(command.Parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlConnection db, string sql, long partnerId, Func<NpgsqlDataReader, T> row, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue("p", partnerId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(row(reader));
        return rows;
    }
}

/// <summary>The checks of one scenario and its figures; PASS only if every check holds.</summary>
public sealed class Verdict(string scenario)
{
    private readonly List<(string Name, bool Ok, string Detail)> _checks = [];

    public string Scenario { get; } = scenario;
    public List<string> Figures { get; } = [];
    public bool Passed => _checks.Count > 0 && _checks.All(c => c.Ok);
    public int Failed => _checks.Count(c => !c.Ok);

    public void Check(string name, bool ok, string detail = "")
    {
        _checks.Add((name, ok, detail));
        Console.WriteLine($"  {(ok ? "ok  " : "FAIL")} {name}{(detail.Length > 0 ? $": {detail}" : "")}");
    }

    public void Figure(string text)
    {
        Figures.Add(text);
        Console.WriteLine($"{Scenario}: {text}");
    }

    public void Say(string text) => Console.WriteLine($"{Scenario}: {text}");

    public void Fail(string name, Exception e) => Check(name, false, $"{e.GetType().Name}: {e.Message}");

    public static string Examples<T>(IEnumerable<T> items, int max = 5)
    {
        var list = items.Take(max + 1).ToList();
        return list.Count == 0 ? "" : " e.g. " + string.Join("; ", list.Take(max)) + (list.Count > max ? "; …" : "");
    }

    /// <summary>The nearest-rank percentile (<paramref name="p"/> in [0, 1]) of a figure's values; 0 when there are none.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>The figures every scenario reports after <see cref="Audit.Ledger"/>.</summary>
public sealed record LedgerFigures(int Acked, int Stored, int Approvals, int Reversals, int Deliveries, int Delivered, int Arrivals, int Credits, long Duplicates);

/// <summary>
/// The checks every scenario makes on what the advertiser was told, what PostgreSQL holds and what the
/// partner's server received: the ledger exactly once, every row with its delivery, every delivery
/// delivered and credited once, valid signatures, and a reversal never before its approval.
/// </summary>
public static class Audit
{
    public static LedgerFigures Ledger(Verdict v, Advertiser adv, DbSnapshot db, PartnerSink sink)
    {
        var book = adv.Book.Values.ToList();
        var acked = book.Where(c => c.TransactionId is not null).ToList();
        var rowsByKey = db.Conversions.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.ToList());

        var twice = rowsByKey.Where(kv => kv.Value.Count > 1).Select(kv => kv.Key).ToList();
        v.Check("conversions unique by (click, goal, event)", twice.Count == 0, twice.Count == 0 ? $"{db.Conversions.Count} rows" : $"{twice.Count} events twice" + Verdict.Examples(twice));

        var wrong = acked.Where(c => !rowsByKey.TryGetValue(c.Key, out var rows) || rows.Count != 1 || rows[0].Id != c.TransactionId)
            .Select(c => $"{c.Key} answered {c.TransactionId}, stored {(rowsByKey.TryGetValue(c.Key, out var r) ? string.Join(",", r.Select(x => x.Id)) : "nothing")}").ToList();
        var stored = acked.Count - wrong.Count;
        v.Check("every acknowledged conversion stored once, under the transaction_id answered", wrong.Count == 0, $"{stored}/{acked.Count}" + Verdict.Examples(wrong));

        var phantom = db.Conversions.Where(c => !adv.Book.ContainsKey(c.Key)).Select(c => c.Key).ToList();
        var unanswered = db.Conversions.Count(c => adv.Book.TryGetValue(c.Key, out var conv) && conv.TransactionId is null);
        v.Check("no conversion the advertiser did not report", phantom.Count == 0,
            (phantom.Count == 0 ? "none" : $"{phantom.Count}" + Verdict.Examples(phantom)) + (unanswered > 0 ? $"; {unanswered} stored but never acknowledged" : ""));

        // Final states: a conversion whose reversal was acknowledged is reversed; one answered over its offer's cap is cancelled;
        // every other one is approved (held ones were approved in the scenario).
        var statusById = db.Conversions.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First().Status);
        var badStatus = acked.Where(c => !(c.ReversalClaimed && !c.ReversalAcked))
            .Where(c => statusById.GetValueOrDefault(c.TransactionId!.Value, -1)
                        != (c.OverCap ? DbSnapshot.Cancelled : c.ReversalAcked ? DbSnapshot.Reversed : DbSnapshot.Approved))
            .Select(c => $"{c.TransactionId}: status {statusById.GetValueOrDefault(c.TransactionId!.Value, -1)}").ToList();
        v.Check("every conversion in the state its postbacks asked for", badStatus.Count == 0, badStatus.Count == 0 ? "" : $"{badStatus.Count}" + Verdict.Examples(badStatus));

        var ledgerCount = db.Ledger.GroupBy(l => (l.TransactionId, l.Reverse)).ToDictionary(g => g.Key, g => g.Count());
        var ledgerProblems = ledgerCount.Where(kv => kv.Value > 1).Select(kv => $"({kv.Key.TransactionId}, {kv.Key.Reverse}) {kv.Value} times").ToList();
        // A conversion over its offer's cap is never paid: no ledger row at all.
        foreach (var c in acked.Where(c => c.OverCap))
        {
            var id = c.TransactionId!.Value;
            if (ledgerCount.GetValueOrDefault((id, false)) + ledgerCount.GetValueOrDefault((id, true)) != 0)
                ledgerProblems.Add($"{id}, cancelled over the cap, has ledger rows");
        }
        foreach (var c in acked.Where(c => !c.OverCap))
        {
            var id = c.TransactionId!.Value;
            if (ledgerCount.GetValueOrDefault((id, false)) != 1) ledgerProblems.Add($"approval of {id}: {ledgerCount.GetValueOrDefault((id, false))} rows");
            if (c.ReversalClaimed && !c.ReversalAcked) continue;   // its reversal was never acknowledged: either is right
            var reversals = ledgerCount.GetValueOrDefault((id, true));
            if (reversals != (c.ReversalAcked ? 1 : 0)) ledgerProblems.Add($"reversal of {id}: {reversals} rows");
        }
        var ackedIds = acked.Where(c => !c.OverCap).Select(c => c.TransactionId!.Value).ToHashSet();
        ledgerProblems.AddRange(db.Ledger.Where(l => !ackedIds.Contains(l.TransactionId)).Select(l => $"ledger row {l.Id} for unacknowledged or unpaid {l.TransactionId}"));
        var approvals = db.Ledger.Count(l => !l.Reverse);
        var reversalsRows = db.Ledger.Count(l => l.Reverse);
        v.Check("ledger: each approval and each reversal exactly once, (transaction_id, reverse) unique", ledgerProblems.Count == 0,
            $"{approvals} approvals, {reversalsRows} reversals" + (ledgerProblems.Count == 0 ? "" : $"; {ledgerProblems.Count} problems" + Verdict.Examples(ledgerProblems)));

        var byLedger = db.Deliveries.Where(d => d.LedgerEntryId is not null).ToLookup(d => d.LedgerEntryId!.Value);
        var withoutDelivery = db.Ledger.Where(l => byLedger[l.Id].Count() != 1 || byLedger[l.Id].Any(d => d.ConversionId != l.TransactionId || d.Reverse != l.Reverse))
            .Select(l => $"ledger {l.Id}").ToList();
        var withoutLedger = db.Deliveries.Where(d => d.LedgerEntryId is null).Select(d => $"delivery {d.Id}").ToList();
        v.Check("every ledger row has exactly one delivery, every delivery its ledger row", withoutDelivery.Count == 0 && withoutLedger.Count == 0,
            $"{db.Ledger.Count} rows, {db.Deliveries.Count} deliveries" + Verdict.Examples(withoutDelivery.Concat(withoutLedger)));

        var delivered = db.Deliveries.Count(d => d.Status == DbSnapshot.DeliveryDelivered);
        var dead = db.Deliveries.Count(d => d.Status == DbSnapshot.DeliveryDead);
        v.Check("every delivery delivered", delivered == db.Deliveries.Count && db.Deliveries.Count > 0,
            $"{delivered}/{db.Deliveries.Count}, {dead} dead");

        var successes = db.Deliveries.Where(d => db.Attempts[d.Id].Count(a => a.Success) != 1)
            .Select(d => $"delivery {d.Id}: {db.Attempts[d.Id].Count(a => a.Success)} successes recorded").ToList();
        v.Check("one successful attempt recorded per delivery", successes.Count == 0, successes.Count == 0 ? "" : $"{successes.Count}" + Verdict.Examples(successes));

        var arrivals = sink.Arrivals.ToList();
        var ledgerPairs = db.Ledger.Select(l => (l.TransactionId, l.Reverse)).ToHashSet();
        var missing = ledgerPairs.Where(p => !sink.Credits.ContainsKey(p)).Select(p => $"({p.TransactionId}, {p.Reverse}) never credited").ToList();
        var extra = sink.Credits.Keys.Where(k => !ledgerPairs.Contains(k)).Select(k => $"({k.TransactionId}, {k.Reverse}) credited, not in the ledger").ToList();
        v.Check("the sink credited each (transaction_id, reverse) of the ledger exactly once, and nothing else", missing.Count == 0 && extra.Count == 0,
            $"{sink.Credits.Count} credits for {ledgerPairs.Count} ledger rows" + Verdict.Examples(missing.Concat(extra)));

        var deliveries = db.Deliveries.ToDictionary(d => d.Id);
        var misfits = arrivals.Where(a => a.SignatureOk && (!deliveries.TryGetValue(a.DeliveryId, out var d) || d.ConversionId != a.TransactionId || d.Reverse != a.Reverse))
            .Select(a => $"delivery {a.DeliveryId} as ({a.TransactionId}, {a.Reverse})").ToList();
        var badSignatures = arrivals.Count(a => !a.SignatureOk);
        v.Check("every postback received: valid signature, delivery id and transaction as stored", badSignatures == 0 && sink.Malformed == 0 && misfits.Count == 0,
            $"{arrivals.Count} received, {badSignatures} invalid signatures, {sink.Malformed} malformed" + Verdict.Examples(misfits));

        // Order per conversion: no reversal reached the partner before its approval had been accepted there.
        var early = arrivals.Where(a => a.Reverse && (!sink.Credits.TryGetValue((a.TransactionId, false), out var c) || c.Seq > a.Seq))
            .Select(a => $"reversal of {a.TransactionId}").ToList();
        var byConversion = db.Deliveries.ToLookup(d => d.ConversionId);
        foreach (var group in byConversion)
        {
            var approval = group.FirstOrDefault(d => !d.Reverse);
            foreach (var reversal in group.Where(d => d.Reverse))
            {
                var first = db.Attempts[reversal.Id].FirstOrDefault();
                if (approval?.DeliveredAt is not { } approvedAt || (first is not null && first.At < approvedAt))
                    early.Add($"reversal delivery {reversal.Id} attempted before delivery {approval?.Id} was delivered");
            }
        }
        v.Check("per transaction, the approval delivered before its reversal was sent", early.Count == 0,
            $"{reversalsRows} reversals" + (early.Count == 0 ? "" : $"; {early.Count} early" + Verdict.Examples(early)));

        var problems = adv.Problems.ToList();
        v.Check("advertiser: every postback acknowledged with the documented answer, one transaction_id per event", problems.Count == 0 && adv.Mismatches == 0,
            $"{adv.Acknowledged}/{adv.LogicalTotal} acknowledged" + (problems.Count == 0 ? "" : $"; {problems.Count} problems" + Verdict.Examples(problems)));

        return new LedgerFigures(acked.Count, stored, approvals, reversalsRows, db.Deliveries.Count, delivered, arrivals.Count, sink.Credits.Count, sink.Duplicates);
    }
}
