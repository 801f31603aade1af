using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Offerwall.Clicks;
using Offerwall.Conversions;
using Offerwall.Offers;
using Offerwall.Partners;
using Offerwall.Data;

namespace Offerwall.Tests.Infrastructure;

/// <summary>
/// A partner of the test's own, with a random key, two game offers and one survey offer, that
/// writes ledger rows through the app's model. Each test makes its own, so tests never see each
/// other's rows even on one shared database.
/// </summary>
public sealed class TestPartner
{
    private readonly AppFixture _app;
    private readonly Dictionary<string, long> _users = [];
    private readonly Dictionary<(long, long), long> _clicks = [];

    public required Partner Partner { get; init; }
    public required string Key { get; init; }
    public required Offer Game { get; init; }
    public required Offer OtherGame { get; init; }
    public required Offer Survey { get; init; }

    private TestPartner(AppFixture app) => _app = app;

    public static async Task<TestPartner> CreateAsync(AppFixture app, bool surveys = false, decimal ratio = 100m)
    {
        var key = PartnerKeys.NewServerKey();
        return await app.WithDb(async db =>
        {
            var partner = new Partner
            {
                Name = "Test partner", CurrencyName = "Coins", CurrencyRatio = ratio, RevenueShare = 0.5m, SurveysEnabled = surveys,
                ServerKeyHash = PartnerKeys.Hash(key), ServerKeyHint = PartnerKeys.Hint(key), AppToken = PartnerKeys.NewAppToken(),
                PostbackSecret = PartnerKeys.NewSecret(), CreatedAt = AppFixture.Now.UtcDateTime,
            };
            var advertiser = new Advertiser { Name = "Test advertiser", Secret = PartnerKeys.NewSecret(), CreatedAt = AppFixture.Now.UtcDateTime };
            db.AddRange(partner, advertiser);
            await db.SaveChangesAsync();
            Offer NewOffer(string name, OfferKind kind)
            {
                var id = PartnerKeys.RandomToken(9);
                return new Offer
                {
                    PublicId = id, AdvertiserId = advertiser.Id, Name = name, Kind = kind, TrackingUrl = "https://track.example/{tx_id}",
                    CreatedAt = AppFixture.Now.UtcDateTime,
                    Goals = [new Goal { PublicId = id + "_0", Uuid = Guid.NewGuid(), Name = $"{name} goal", Reward = 0.4m, Payout = 1.1m, Kind = GoalKind.Dynamic }],
                };
            }
            var offers = new[] { NewOffer("Game A", OfferKind.Offer), NewOffer("Game B", OfferKind.Offer), NewOffer("Survey", OfferKind.Survey) };
            db.Offers.AddRange(offers);
            await db.SaveChangesAsync();
            return new TestPartner(app) { Partner = partner, Key = key, Game = offers[0], OtherGame = offers[1], Survey = offers[2] };
        });
    }

    /// <summary>Writes an approved conversion's ledger row at <paramref name="atUtc"/>; returns its transaction id.</summary>
    public Task<long> ConvertAsync(DateTime atUtc, string userId = "user-1", Offer? offer = null, decimal reward = 0.4m, decimal payout = 0.55m) =>
        _app.WithDb(async db =>
        {
            offer ??= Game;
            var goal = offer.Goals[0];
            var user = await UserAsync(db, userId, atUtc);
            var click = await ClickAsync(db, user, offer, atUtc);
            var conversion = new Conversion
            {
                ClickId = click, PartnerId = Partner.Id, UserId = user, OfferId = offer.Id, GoalId = goal.Id,
                AdvertiserEventId = Guid.NewGuid().ToString("N"), Status = ConversionStatus.Approved, Kind = offer.Kind,
                SurveyId = offer.Kind == OfferKind.Survey ? "s-" + PartnerKeys.RandomToken(3) : null,
                Reward = reward, RewardLocal = Rewards.Local(reward, Partner.CurrencyRatio), Payout = payout, AdvertiserPayout = payout * 2,
                CreatedAt = atUtc, HoldUntil = atUtc, DecidedAt = atUtc,
            };
            db.Conversions.Add(conversion);
            await db.SaveChangesAsync();
            db.Ledger.Add(Row(conversion, offer, goal, userId, atUtc, reverse: false));
            await db.SaveChangesAsync();
            // The server only ever writes ledger rows at the current time; this writes them in the past,
            // so, like a bulk load, it drops the Data API's stored counts for the partner.
            await _app.App.Services.GetRequiredService<Offerwall.PartnerApi.LedgerCounts>().ForgetAsync(db, Partner.Id);
            return conversion.Id;
        });

    /// <summary>Writes the reversal row of <paramref name="transactionId"/> at <paramref name="atUtc"/>.</summary>
    public Task ReverseAsync(long transactionId, DateTime atUtc) => _app.WithDb(async db =>
    {
        var conversion = await db.Conversions.SingleAsync(c => c.Id == transactionId);
        var original = await db.Ledger.SingleAsync(l => l.TransactionId == transactionId && !l.Reverse);
        conversion.Status = ConversionStatus.Reversed;
        db.Ledger.Add(new LedgerEntry
        {
            TransactionId = transactionId, Reverse = true, PartnerId = original.PartnerId, UserId = original.UserId,
            UserExternalId = original.UserExternalId, OfferPublicId = original.OfferPublicId, OfferName = original.OfferName,
            GoalPublicId = original.GoalPublicId, Note = original.Note, Reward = original.Reward, RewardLocal = original.RewardLocal,
            Payout = original.Payout, Kind = original.Kind, SurveyId = original.SurveyId, OccurredAt = atUtc,
        });
        await db.SaveChangesAsync();
        await _app.App.Services.GetRequiredService<Offerwall.PartnerApi.LedgerCounts>().ForgetAsync(db, Partner.Id);
        return 0;
    });

    public async Task<HttpResponseMessage> GetAsync(string pathAndQuery, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key ?? Key);
        return await _app.Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> ConversionsAsync(string query = "") => GetAsync("/data/partner/conversions" + query);

    private LedgerEntry Row(Conversion c, Offer offer, Goal goal, string userId, DateTime at, bool reverse) => new()
    {
        TransactionId = c.Id, Reverse = reverse, PartnerId = Partner.Id, UserId = c.UserId, UserExternalId = userId,
        OfferPublicId = offer.PublicId, OfferName = offer.Name, GoalPublicId = goal.PublicId, Note = goal.Name,
        Reward = c.Reward, RewardLocal = c.RewardLocal, Payout = c.Payout, Kind = c.Kind, SurveyId = c.SurveyId, OccurredAt = at,
    };

    private async Task<long> UserAsync(Offerwall.Data.OfferwallDb db, string externalId, DateTime at)
    {
        var key = User.KeyOf(externalId);
        if (_users.TryGetValue(key, out var id)) return id;
        var user = new User { PartnerId = Partner.Id, ExternalId = externalId, ExternalIdKey = key, CreatedAt = at };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return _users[key] = user.Id;
    }

    private async Task<long> ClickAsync(Offerwall.Data.OfferwallDb db, long user, Offer offer, DateTime at)
    {
        if (_clicks.TryGetValue((user, offer.Id), out var id)) return id;
        var click = new Click { TxId = PartnerKeys.RandomToken(18), PartnerId = Partner.Id, UserId = user, OfferId = offer.Id, CreatedAt = at };
        db.Clicks.Add(click);
        await db.SaveChangesAsync();
        return _clicks[(user, offer.Id)] = click.Id;
    }
}
