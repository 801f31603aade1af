using System.Net;
using System.Text.Json.Nodes;
using Offerwall.Data;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Fraud;

/// <summary>
/// GET /admin/review (held and flagged conversions, oldest first, its filters and their errors) and the operator's decisions through
/// POST /admin/review/approve and /cancel: a held one approved is paid, cancelled never is; a flagged one approved stays paid, cancelled
/// is reversed; bulk decisions answer for each id.
/// </summary>
public abstract class ReviewQueueTests(AppFixture app)
{
    /// <summary>
    /// A partner whose offers hold (min_seconds_to_convert 60 s, the partner's setting) or flag (the offer "flagging": its own
    /// setting flags, and user_conversions_per_hour limit 0 flags every conversion of the offer "counted").
    /// </summary>
    private sealed record Queue(Rig Rig, string Holding, string Flagging, string Counted, string Clean);

    private async Task<Queue> QueueAsync()
    {
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("min_seconds_to_convert", "hold", 60);
        var holding = await rig.OfferAsync();
        var flagging = await rig.OfferAsync();
        var counted = await rig.OfferAsync();
        var clean = await rig.OfferAsync();
        await rig.SetForOfferAsync(flagging, "min_seconds_to_convert", "flag", 60);
        await rig.SetForOfferAsync(counted, "min_seconds_to_convert", "off");
        await rig.SetForOfferAsync(counted, "user_conversions_per_hour", "flag", 0);
        await rig.SetForOfferAsync(clean, "min_seconds_to_convert", "off");
        return new Queue(rig, holding, flagging, counted, clean);
    }

    private Task<(HttpStatusCode Status, JsonNode? Body)> DecideAsync(string verb, object body) =>
        Rig.AdminAsync(app, HttpMethod.Post, $"/admin/review/{verb}", body);

    private async Task<JsonObject> DecidedAsync(string verb, object body)
    {
        var (status, answer) = await DecideAsync(verb, body);
        Assert.True(status == HttpStatusCode.OK, answer?.ToJsonString());
        return answer!.AsObject();
    }

    [Fact]
    public async Task TheQueueListsHeldAndFlaggedOldestFirstWithTheirRulesAndFilters()
    {
        var q = await QueueAsync();
        var rig = q.Rig;
        var held1 = await rig.UserConvertsAsync(q.Holding, "rq-1", "?device_id=Phone-1");
        var flagged = await rig.UserConvertsAsync(q.Flagging, "rq-2");
        var clean = await rig.UserConvertsAsync(q.Clean, "rq-3");
        var counted = await rig.UserConvertsAsync(q.Counted, "rq-4");
        var held2 = await rig.UserConvertsAsync(q.Holding, "rq-5");
        var other = await Rig.CreateAsync(app);
        await other.SetAsync("min_seconds_to_convert", "hold", 60);
        var elsewhere = await other.UserConvertsAsync(await other.OfferAsync(), "rq-other");

        var mine = await rig.ReviewAsync($"?partner_id={rig.PartnerId}");
        Assert.Equal([held1.Id, flagged.Id, counted.Id, held2.Id], mine.Select(r => (long)r!["transaction_id"]!));
        var first = mine[0]!;
        Assert.Equal((rig.PartnerId, "rq-1", q.Holding, $"{q.Holding}_0", "pending", "held"),
            ((long)first["partner_id"]!, (string?)first["user_id"], (string?)first["offer_id"], (string?)first["goal_id"], (string?)first["status"],
                (string?)first["review"]));
        Assert.Equal(["min_seconds_to_convert"], first["rules"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(Rig.Reason("hold", "min_seconds_to_convert (converted 0 s after the click, minimum 60 s)"), (string?)first["reason"]);
        Assert.Equal(("127.0.0.1", "phone-1", 0.75m), ((string?)first["ip"], (string?)first["device"], (decimal)first["payout"]!));
        Assert.Equal(("approved", "flagged"), ((string?)mine[1]!["status"], (string?)mine[1]!["review"]));
        Assert.Equal(["user_conversions_per_hour"], mine[2]!["rules"]!.AsArray().Select(r => (string)r!));

        Assert.DoesNotContain(clean.Id, await rig.ReviewIdsAsync());
        Assert.Contains(elsewhere.Id, await rig.ReviewIdsAsync());
        Assert.Equal([held1.Id, held2.Id], await rig.ReviewIdsAsync($"?partner_id={rig.PartnerId}&state=held"));
        Assert.Equal([flagged.Id, counted.Id], await rig.ReviewIdsAsync($"?partner_id={rig.PartnerId}&state=flagged"));
        Assert.Equal([flagged.Id], await rig.ReviewIdsAsync($"?offer_id={q.Flagging}"));
        Assert.Equal([counted.Id], await rig.ReviewIdsAsync($"?partner_id={rig.PartnerId}&rule=user_conversions_per_hour"));
        Assert.Equal([held1.Id, flagged.Id, held2.Id], await rig.ReviewIdsAsync($"?partner_id={rig.PartnerId}&rule=min_seconds_to_convert"));
        Assert.Equal([flagged.Id, counted.Id], await rig.ReviewIdsAsync($"?partner_id={rig.PartnerId}&after_id={held1.Id}&limit=2"));
        Assert.Equal([held2.Id], await rig.ReviewIdsAsync($"?partner_id={rig.PartnerId}&after_id={counted.Id}&limit=2"));
        Assert.Empty(await rig.ReviewIdsAsync("?offer_id=no-such-offer"));
        // A limit outside 1 to 1000 counts as the nearest end.
        Assert.Equal([held1.Id], await rig.ReviewIdsAsync($"?partner_id={rig.PartnerId}&limit=0"));
        Assert.Equal(4, (await rig.ReviewIdsAsync($"?partner_id={rig.PartnerId}&limit=5000")).Length);

        foreach (var (query, field) in new[] { ("state=maybe", "state"), ("rule=no_such_rule", "rule"), ("state=", "") })
        {
            var (status, problem) = await Rig.AdminAsync(app, HttpMethod.Get, "/admin/review?" + query);
            if (field.Length == 0)
            {
                Assert.Equal(HttpStatusCode.OK, status);
                continue;
            }
            Assert.True(status == HttpStatusCode.BadRequest, $"{query}: {status}");
            Assert.True(problem!["errors"]?[field] is JsonArray, problem.ToJsonString());
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await Rig.AdminAsync(app, HttpMethod.Get, "/admin/review?after_id=x")).Status);
    }

    [Fact]
    public async Task ApprovingPaysAHeldOneAndKeepsAFlaggedOnePaid()
    {
        var q = await QueueAsync();
        var rig = q.Rig;
        var held = await rig.UserConvertsAsync(q.Holding, "ap-held");
        var flagged = await rig.UserConvertsAsync(q.Flagging, "ap-flagged");
        Assert.Equal([$"{flagged.Id}"], await rig.LedgerAsync());

        var answer = await DecidedAsync("approve", new { ids = new[] { held.Id, flagged.Id }, reason = "looks fine" });
        Assert.Equal((2, 0), ((int)answer["decided"]!, (int)answer["failed"]!));
        Assert.Equal([$"{held.Id}:approved:True", $"{flagged.Id}:approved:True"],
            answer["items"]!.AsArray().Select(i => $"{(long)i!["transaction_id"]!}:{(string?)i["status"]}:{(bool)i["decided"]!}"));

        Assert.Equal((ConversionStatus.Approved, true), ((await rig.StateAsync(held.Id)).Status, (await rig.StateAsync(held.Id)).Paid));
        Assert.Equal(new[] { $"{flagged.Id}", $"{held.Id}" }.Order(StringComparer.Ordinal), await rig.LedgerAsync());
        Assert.Equal("review: approved by the operator (looks fine)", (await rig.ReasonsAsync(held.Id))[^1]);
        var flaggedHistory = await rig.ReasonsAsync(flagged.Id);
        Assert.Equal([Rig.Reason("flag", "min_seconds_to_convert (converted 0 s after the click, minimum 60 s)"), "review: approved by the operator (looks fine)"],
            flaggedHistory);
        Assert.Empty(await rig.ReviewIdsAsync($"?partner_id={rig.PartnerId}"));
        Assert.Equal(ReviewState.None, (await rig.ReviewOfAsync(held.Id)).Review);
    }

    [Fact]
    public async Task CancellingNeverPaysAHeldOneAndReversesAFlaggedOne()
    {
        var q = await QueueAsync();
        var rig = q.Rig;
        var held = await rig.UserConvertsAsync(q.Holding, "cx-held");
        var flagged = await rig.UserConvertsAsync(q.Flagging, "cx-flagged");

        var answer = await DecidedAsync("cancel", new { ids = new[] { held.Id, flagged.Id } });
        Assert.Equal([$"{held.Id}:cancelled", $"{flagged.Id}:reversed"],
            answer["items"]!.AsArray().Select(i => $"{(long)i!["transaction_id"]!}:{(string?)i["status"]}"));
        Assert.Equal((ConversionStatus.Cancelled, false), ((await rig.StateAsync(held.Id)).Status, (await rig.StateAsync(held.Id)).Paid));
        Assert.Equal(ConversionStatus.Reversed, (await rig.StateAsync(flagged.Id)).Status);
        // The flagged one was paid, and is taken back: its row and its reversal row. The held one never appears.
        Assert.Equal([$"{flagged.Id}", $"{flagged.Id}r"], await rig.LedgerAsync());
        Assert.Equal("review: cancelled by the operator", (await rig.ReasonsAsync(held.Id))[^1]);
        Assert.Empty(await rig.ReviewIdsAsync($"?partner_id={rig.PartnerId}"));
        // The advertiser's "approved" does not bring the cancelled one back.
        Assert.Equal("cancelled", (await rig.ConvertAsync(await rig.StartAsync(q.Holding, "cx-held"), q.Holding, "0", ("status", "approved"))).Status);
    }

    [Fact]
    public async Task ABulkDecisionAnswersForEachIdAndRefusesNoneOrTooMany()
    {
        var q = await QueueAsync();
        var rig = q.Rig;
        var held = await rig.UserConvertsAsync(q.Holding, "bulk-1");
        var flagged = await rig.UserConvertsAsync(q.Flagging, "bulk-2");
        var clean = await rig.UserConvertsAsync(q.Clean, "bulk-3");
        var stays = await rig.UserConvertsAsync(q.Holding, "bulk-4");

        foreach (var ids in new[] { Array.Empty<long>(), [.. Enumerable.Range(1, 1001).Select(i => (long)i)] })
        {
            var (status, problem) = await DecideAsync("approve", new { ids });
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.True(problem!["errors"]?["ids"] is JsonArray, problem.ToJsonString());
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await DecideAsync("cancel", new { reason = "no ids" })).Status);
        Assert.Equal([held.Id, flagged.Id, stays.Id], await rig.ReviewIdsAsync($"?partner_id={rig.PartnerId}"));

        var answer = await DecidedAsync("approve", new { ids = new[] { held.Id, 987_654_321L, clean.Id, flagged.Id, held.Id } });
        Assert.Equal((2, 2), ((int)answer["decided"]!, (int)answer["failed"]!));
        Assert.Equal(
            [
                $"{held.Id}:approved:True:", "987654321::False:no conversion has this id", $"{clean.Id}:approved:False:not in the review queue",
                $"{flagged.Id}:approved:True:",
            ],
            answer["items"]!.AsArray().Select(i => $"{(long)i!["transaction_id"]!}:{(string?)i["status"]}:{(bool)i["decided"]!}:{(string?)i["error"]}"));
        Assert.Equal([stays.Id], await rig.ReviewIdsAsync($"?partner_id={rig.PartnerId}"));
        // Decided once, not twice: a second decision finds them out of the queue.
        var again = await DecidedAsync("cancel", new { ids = new[] { held.Id } });
        Assert.Equal((0, 1), ((int)again["decided"]!, (int)again["failed"]!));
        Assert.Equal(ConversionStatus.Approved, (await rig.StateAsync(held.Id)).Status);
        Assert.Equal(ConversionStatus.Pending, (await rig.StateAsync(stays.Id)).Status);
        Assert.Equal(1_000, ((int)(await DecidedAsync("cancel", new { ids = Enumerable.Range(1, 1000).Select(i => 900_000_000L + i) }))["failed"]!));
    }
}
