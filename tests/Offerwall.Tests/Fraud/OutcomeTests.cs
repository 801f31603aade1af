using Offerwall.Data;
using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Offers;

namespace Offerwall.Tests.Fraud;

/// <summary>
/// What each outcome does to a conversion, as the advertiser, the partner (Data API), the approval job and the history see it:
/// reject cancels it (never paid, whatever the advertiser says later), hold keeps it pending past its hold period until the operator
/// decides, flag pays it and lists it. Several rules at once: the strongest wins and the history lists them all.
/// Each test converts at the instant of the click, so min_seconds_to_convert (60 s) triggers.
/// </summary>
public abstract class OutcomeTests(AppFixture app)
{
    private const string TooQuick = "min_seconds_to_convert (converted 0 s after the click, minimum 60 s)";

    [Fact]
    public async Task ARejectedConversionIsCancelledNeverPaidAndStaysSo()
    {
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("min_seconds_to_convert", "reject", 60);
        var offer = await rig.OfferAsync();
        var tx = await rig.StartAsync(offer, "rejected");
        var rejected = await rig.ConvertAsync(tx, offer, "0", ("status", "approved"));
        Assert.Equal("cancelled", rejected.Status);
        var (_, repeat) = await rig.Desk.PostbackAsync(tx, Desk.Goal(offer), [("status", "approved")]);
        Assert.Equal(("cancelled", true), ((string?)repeat["conversion_status"], (bool)repeat["duplicate"]!));

        var state = await rig.StateAsync(rejected.Id);
        Assert.Equal((ConversionStatus.Cancelled, false), (state.Status, state.Paid));
        Assert.Equal([Rig.Reason("reject", TooQuick)], state.Reasons);
        Assert.Empty(await rig.LedgerAsync());
        // Not in the review queue: there is nothing left to decide.
        Assert.Empty(await rig.ReviewIdsAsync($"?partner_id={rig.PartnerId}"));
    }

    [Fact]
    public async Task AHeldConversionOutlivesItsHoldPeriodAndTheAdvertisersRepeatApproval()
    {
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("min_seconds_to_convert", "hold", 60);
        var offer = await rig.OfferAsync(goals: 1, holdHours: 24);
        var exempt = await rig.OfferAsync(goals: 1, holdHours: 24);
        await rig.SetForOfferAsync(exempt, "min_seconds_to_convert", "off");
        var tx = await rig.StartAsync(offer, "held");
        var held = await rig.ConvertAsync(tx, offer);
        var witness = await rig.UserConvertsAsync(exempt, "witness");
        var otherTx = await rig.StartAsync(offer, "held-then-cancelled");
        var cancelledByAdvertiser = await rig.ConvertAsync(otherTx, offer);
        Assert.Equal(("pending", "pending", "pending"), (held.Status, witness.Status, cancelledByAdvertiser.Status));
        Assert.Equal([Rig.Reason("hold", TooQuick)], await rig.ReasonsAsync(held.Id));
        Assert.Equal(["reported"], await rig.ReasonsAsync(witness.Id));

        // A month passes: the approval job pays the witness, never the held one.
        app.Clock.Advance(TimeSpan.FromDays(30));
        await Market.AdminAsync(app, "/admin/conversions/approve-due");
        Assert.Equal(ConversionStatus.Approved, (await rig.StateAsync(witness.Id)).Status);
        Assert.Equal((ConversionStatus.Pending, false), ((await rig.StateAsync(held.Id)).Status, (await rig.StateAsync(held.Id)).Paid));
        // The advertiser's "approved" leaves it pending; their "cancelled" still cancels one.
        var (_, repeat) = await rig.Desk.PostbackAsync(tx, Desk.Goal(offer), [("status", "approved")]);
        Assert.Equal(("pending", true), ((string?)repeat["conversion_status"], (bool)repeat["duplicate"]!));
        Assert.Equal((ReviewState.Held, "min_seconds_to_convert"), await rig.ReviewOfAsync(held.Id));
        Assert.Equal([$"{witness.Id}"], await rig.LedgerAsync());
        var (_, cancelled) = await rig.Desk.PostbackAsync(otherTx, Desk.Goal(offer), [("status", "cancelled")]);
        Assert.Equal("cancelled", (string?)cancelled["conversion_status"]);
        Assert.Equal([$"{witness.Id}"], await rig.LedgerAsync());
    }

    [Fact]
    public async Task AFlaggedConversionIsPaidListedAndQueued()
    {
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("min_seconds_to_convert", "flag", 60);
        var offer = await rig.OfferAsync();
        var flagged = await rig.UserConvertsAsync(offer, "flagged");
        Assert.Equal("approved", flagged.Status);
        var state = await rig.StateAsync(flagged.Id);
        Assert.Equal((ConversionStatus.Approved, true), (state.Status, state.Paid));
        Assert.Equal([Rig.Reason("flag", TooQuick)], state.Reasons);
        Assert.Equal([$"{flagged.Id}"], await rig.LedgerAsync());
        var queued = Assert.Single(await rig.ReviewAsync($"?partner_id={rig.PartnerId}"));
        Assert.Equal(("flagged", "approved"), ((string?)queued!["review"], (string?)queued["status"]));
    }

    [Fact]
    public async Task TheStrongestOutcomeWinsAndTheHistoryListsEveryRule()
    {
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("min_seconds_to_convert", "flag", 60);
        await rig.SetAsync("user_conversions_per_hour", "hold", 1);
        var offer = await rig.OfferAsync(goals: 2);
        var tx = await rig.StartAsync(offer, "many");
        var first = await rig.ConvertAsync(tx, offer, "0");
        var second = await rig.ConvertAsync(tx, offer, "1");

        Assert.Equal(("approved", "pending"), (first.Status, second.Status));
        Assert.Equal([Rig.Reason("flag", TooQuick)], await rig.ReasonsAsync(first.Id));
        Assert.Equal([Rig.Reason("hold", TooQuick, "user_conversions_per_hour (2 conversions of user many in the last hour, limit 1)")],
            await rig.ReasonsAsync(second.Id));
        Assert.Equal((ReviewState.Held, "min_seconds_to_convert,user_conversions_per_hour"), await rig.ReviewOfAsync(second.Id));
    }

    [Fact]
    public async Task AConversionTheAdvertiserReportsCancelledIsNotJudged()
    {
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("min_seconds_to_convert", "hold", 60);
        var offer = await rig.OfferAsync();
        var cancelled = await rig.ConvertAsync(await rig.StartAsync(offer, "refused"), offer, "0", ("status", "rejected"));
        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal(["reported"], await rig.ReasonsAsync(cancelled.Id));
        Assert.Equal((ReviewState.None, ""), await rig.ReviewOfAsync(cancelled.Id));
    }
}
