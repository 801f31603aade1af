using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Offerwall.Bench;

namespace Offerwall.Faults;

/// <summary>The answer to one logical postback, after as many requests as it took to get a 2xx.</summary>
public sealed record Answer(bool Ok, long? TransactionId, string? ConversionStatus, bool Duplicate, int Requests, string Body);

/// <summary>
/// The advertiser: signs each postback (docs/ledger.md), sends it, and — as the contract says — sends it
/// again while it gets no 2xx (no answer, a dropped connection, a 5xx), bounded by <paramref name="giveUp"/>.
/// A 4xx is a final answer and, in these scenarios where every postback is valid, a failure. It keeps the
/// book the checks compare the database with: every conversion reported and its transaction id.
/// </summary>
public sealed class Advertiser(string secret, TimeSpan giveUp)
{
    private readonly List<Conv> _acked = [];
    private readonly long[] _logical = new long[4];
    private long _requests, _noAnswer, _serverErrors, _refused, _unacknowledged, _recovered, _mismatches, _acknowledged;

    public ConcurrentDictionary<string, Conv> Book { get; } = new();
    public ConcurrentQueue<string> Problems { get; } = new();

    public long Logical(Act act) => Interlocked.Read(ref _logical[(int)act]);
    public long LogicalTotal => _logical.Sum();
    public long Requests => Interlocked.Read(ref _requests);
    public long NoAnswer => Interlocked.Read(ref _noAnswer);
    public long ServerErrors => Interlocked.Read(ref _serverErrors);
    public long Refused => Interlocked.Read(ref _refused);
    public long Unacknowledged => Interlocked.Read(ref _unacknowledged);
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>New events answered duplicate:true after an earlier request of them got no answer: the server had committed, the answer was lost.</summary>
    public long RecoveredAfterLostAnswer => Interlocked.Read(ref _recovered);

    public long Mismatches => Interlocked.Read(ref _mismatches);

    public Conv NewConv(string txId, string goalId, string? eventId, bool held = false) => Plan(new Conv(txId, goalId, eventId, held));

    /// <summary>Books a conversion made with an initializer (<see cref="Conv.ReportApproved"/>, <see cref="Conv.MayBeOverCap"/>).</summary>
    public Conv Plan(Conv conv)
    {
        if (!Book.TryAdd(conv.Key, conv)) throw new InvalidOperationException($"Event {conv.Key} planned twice.");
        return conv;
    }

    /// <summary>A random acknowledged conversion (not on the held goal), or null while there is none.</summary>
    public Conv? RandomAcked(Random rng)
    {
        lock (_acked) return _acked.Count == 0 ? null : _acked[rng.Next(_acked.Count)];
    }

    public int AckedCount { get { lock (_acked) return _acked.Count; } }

    /// <param name="raced">Sent to two nodes at once on purpose: one of the two answers is a duplicate.</param>
    public async Task<Answer> PostAsync(HttpClient node, Conv conv, Act act, CancellationToken ct, bool raced = false)
    {
        Interlocked.Increment(ref _logical[(int)act]);
        var parameters = new List<KeyValuePair<string, string>> { new("tx_id", conv.TxId), new("goal_id", conv.GoalId) };
        if (conv.EventId is not null)
        {
            parameters.Add(new("event_id", conv.EventId));
            parameters.Add(new("payout", "5"));
        }
        if (act == Act.Reverse) parameters.Add(new("reverse", "1"));
        if (act == Act.Approve || (act is Act.New or Act.Repeat && conv.ReportApproved)) parameters.Add(new("status", "approved"));
        var path = "/postbacks/advertiser?" + PostbackSignature.SignedQuery(secret, parameters);
        var started = Stopwatch.GetTimestamp();
        for (var requests = 1; ; requests++)
        {
            Interlocked.Increment(ref _requests);
            string body;
            try
            {
                using var response = await node.GetAsync(path, ct);
                body = await response.Content.ReadAsStringAsync(ct);
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300)
                {
                    var answer = Parse(body, requests);
                    Record(conv, act, answer, raced);
                    return answer;
                }
                if (status is >= 400 and < 500)
                {
                    Interlocked.Increment(ref _refused);
                    Problem($"{act} of {conv.Key} answered {status}: {Setup.Shorten(body)}");
                    return new Answer(false, null, null, false, requests, body);
                }
                Interlocked.Increment(ref _serverErrors);
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                Interlocked.Increment(ref _noAnswer);
                body = e.Message;
            }
            if (Stopwatch.GetElapsedTime(started) > giveUp)
            {
                Interlocked.Increment(ref _unacknowledged);
                Problem($"{act} of {conv.Key}: no 2xx in {giveUp.TotalSeconds:0} s ({requests} requests); last: {Setup.Shorten(body)}");
                return new Answer(false, null, null, false, requests, body);
            }
            await Task.Delay(Random.Shared.Next(50, 150), ct);
        }
    }

    private Answer Parse(string body, int requests)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return new Answer(root.GetProperty("status").GetString() == "ok", root.GetProperty("transaction_id").GetInt64(),
                root.GetProperty("conversion_status").GetString(), root.GetProperty("duplicate").GetBoolean(), requests, body);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            Problem($"a 2xx answer that is not the documented JSON: {Setup.Shorten(body)}");
            return new Answer(false, null, null, false, requests, body);
        }
    }

    private void Record(Conv conv, Act act, Answer answer, bool raced)
    {
        if (!answer.Ok || answer.TransactionId is not { } id) return;
        Interlocked.Increment(ref _acknowledged);
        var before = conv.SetTransactionId(id);
        if (before != 0 && before != id)
        {
            Interlocked.Increment(ref _mismatches);
            Problem($"{conv.Key}: transaction_id {id} answered, {before} before");
        }
        if (before == 0 && !conv.Held)
            lock (_acked) _acked.Add(conv);

        switch (act)
        {
            case Act.New:
                if (answer.Duplicate && !raced)
                {
                    // A new event can only be a duplicate if an earlier request of it was committed and its answer lost.
                    if (answer.Requests > 1) Interlocked.Increment(ref _recovered);
                    else Problem($"{conv.Key}: a new event answered duplicate:true on its first request");
                }
                var expected = conv.Held ? "pending" : "approved";
                if (conv.MayBeOverCap && answer.ConversionStatus == "cancelled") conv.OverCap = true;
                else if (answer.ConversionStatus != expected && !raced)
                    Problem($"{conv.Key}: new conversion answered status {answer.ConversionStatus}, expected {expected}");
                break;
            case Act.Repeat:
                if (!answer.Duplicate) Problem($"{conv.Key}: a repeat answered duplicate:false");
                break;
            case Act.Reverse:
                if (answer.ConversionStatus != "reversed") Problem($"{conv.Key}: reversal answered status {answer.ConversionStatus}");
                else conv.ReversalAcked = true;
                break;
            case Act.Approve:
                if (answer.ConversionStatus is not ("approved" or "reversed")) Problem($"{conv.Key}: approval answered status {answer.ConversionStatus}");
                else conv.ApprovalAcked = true;
                break;
        }
    }

    private void Problem(string text)
    {
        if (Problems.Count < 1000) Problems.Enqueue(text);
    }
}
