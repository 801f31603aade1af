using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Offerwall.Data;
using Offerwall.Demo;
using Offerwall.Partners;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Data;

/// <summary>The demo generator on an empty database of its own, at a small size.</summary>
public abstract class DemoDataTests<TFixture> where TFixture : AppFixture, new()
{
    private const int Rows = 20_000;

    private static async Task<List<LedgerEntry>> GenerateAsync()
    {
        await using var app = new TFixture();
        await app.InitializeAsync();
        await app.WithDb(async db =>
        {
            await new DemoData(db, new FakeTimeProvider(AppFixture.Now)).GenerateAsync(Rows);
            return 0;
        });
        await app.WithDb(async db =>
        {
            var partners = await db.Partners.OrderBy(p => p.Id).ToListAsync();
            Assert.Equal(DemoData.Partners.Select(p => PartnerKeys.Hash(p.ServerKey)), partners.Select(p => p.ServerKeyHash));
            Assert.Equal(1, partners.Count(p => p.SurveysEnabled));
            // The generated catalog, the four offers that show targeting, caps and fraud rules (US only, Germany only, capped, reviewed),
            // and the MMP advertiser's offer.
            Assert.Equal(DemoData.OfferCount + 5, await db.Offers.CountAsync());
            Assert.Equal(2, await db.Advertisers.CountAsync());
            Assert.True(await db.Goals.CountAsync() > DemoData.OfferCount);
            // + the capped offer's 3 users, the reviewed offer's 1 and the MMP offer's 1
            Assert.Equal(DemoData.UsersFor(Rows) + DemoData.LiveClicks + 1 + 3 + 1 + 1, await db.Users.CountAsync());
            // The reviewed offer's conversion came at the instant of its click: held in the review queue, pending, with the rule and its figures.
            var held = await db.Conversions.SingleAsync(c => c.Review != ReviewState.None);
            Assert.Equal((ConversionStatus.Pending, ReviewState.Held, "min_seconds_to_convert"), (held.Status, held.Review, held.ReviewRules));
            Assert.Equal("reported; held for review by fraud rules: min_seconds_to_convert (converted 0 s after the click, minimum 60 s)",
                await db.ConversionChanges.Where(h => h.ConversionId == held.Id).Select(h => h.Reason).SingleAsync());
            Assert.True(await db.Conversions.AnyAsync(c => c.Status == ConversionStatus.Pending), "some conversions are still pending");
            var surveyPartner = partners.Single(p => p.SurveysEnabled).Id;
            Assert.False(await db.Conversions.AnyAsync(c => db.Clicks.Any(k => k.Id == c.ClickId && k.TxId == DemoData.MmpTxId)));
            // The failing partner: its postbacks go where nothing answers, and a few have died after the whole retry ladder.
            var failing = partners[DemoData.FailingPartnerIndex];
            Assert.Equal(DemoData.FailingPostbackUrl, failing.PostbackUrl);
            Assert.Equal([failing.Id], await db.Partners.Where(p => p.PostbackUrl != null).Select(p => p.Id).ToListAsync());
            var dead = await db.PostbackDeliveries.Where(d => d.Status == DeliveryStatus.Dead).ToListAsync();
            Assert.Equal(DemoData.DeadDeliveries, dead.Count);
            Assert.All(dead, d => Assert.Equal((failing.Id, Offerwall.Postbacks.PostbackOptions.DefaultLadder.Length + 1), (d.PartnerId, d.Attempts)));
            var deadIds = dead.Select(d => d.Id).ToList();
            Assert.Equal(DemoData.DeadDeliveries * (Offerwall.Postbacks.PostbackOptions.DefaultLadder.Length + 1),
                await db.PostbackAttempts.CountAsync(a => deadIds.Contains(a.DeliveryId) && a.StatusCode == null && a.Response == DemoData.FailingAttemptError));
            Assert.True(await db.PostbackDeliveries.AnyAsync(d => d.PartnerId == failing.Id && d.Status == DeliveryStatus.Pending),
                "today's conversions queued postbacks for the failing partner");
            return 0;
        });
        // The curl of docs/integrations.md and the README: AppsFlyer's install postback for the demo's MMP click.
        var response = await app.Client.GetAsync(
            $"/postbacks/mmp/{DemoData.MmpAdvertiserId}?token={DemoData.MmpToken}&clickid={DemoData.MmpTxId}&event_name=&install_unix_ts=1795446000");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"conversion_status\":\"approved\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        return await app.WithDb(async db =>
        {
            var partners = await db.Partners.OrderBy(p => p.Id).ToListAsync();
            var surveyPartner = partners.Single(p => p.SurveysEnabled).Id;
            var ledger = await db.Ledger.OrderBy(l => l.Id).ToListAsync();
            Assert.Contains(ledger, l => l.Kind == OfferKind.Survey && l.PartnerId == surveyPartner && l.SurveyId is not null);
            Assert.DoesNotContain(ledger, l => l.Kind == OfferKind.Survey && l.PartnerId != surveyPartner);
            return ledger;
        });
    }

    [Fact]
    public async Task DemoDataIsDeterministicRealisticAndConsistent()
    {
        var first = await GenerateAsync();
        var second = await GenerateAsync();

        Assert.InRange(first.Count, Rows, Rows + 300);
        var reversals = first.Count(l => l.Reverse);
        Assert.InRange(reversals / (double)first.Count, 0.02, 0.04);
        // Same seed, same clock: the very same rows.
        Assert.Equal(first.Select(Fingerprint), second.Select(Fingerprint));
        // Every reversal follows the conversion it reverses, and the ledger is in time order.
        var paidAt = first.Where(l => !l.Reverse).ToDictionary(l => l.TransactionId, l => l.OccurredAt);
        Assert.All(first.Where(l => l.Reverse), r => Assert.True(paidAt[r.TransactionId] < r.OccurredAt));
        Assert.Equal(first.OrderBy(l => l.OccurredAt).ThenBy(l => l.Id).Select(l => l.Id), first.Select(l => l.Id));
        Assert.InRange(first[0].OccurredAt, AppFixture.Now.UtcDateTime - DemoData.Span, AppFixture.Now.UtcDateTime);
    }

    private static string Fingerprint(LedgerEntry l) =>
        $"{l.Id}|{l.TransactionId}|{l.Reverse}|{l.PartnerId}|{l.UserExternalId}|{l.OfferPublicId}|{l.GoalPublicId}|" +
        $"{l.Reward}|{l.RewardLocal}|{l.Payout}|{l.Kind}|{l.SurveyId}|{l.OccurredAt:O}";
}
