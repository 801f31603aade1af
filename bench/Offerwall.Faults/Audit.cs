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
        v.Check("conversions unique by (click, goal, event)", twice.Count == 0,
            twice.Count == 0 ? $"{db.Conversions.Count} rows" : $"{twice.Count} events twice" + Verdict.Examples(twice));

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
