using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Fraud;
using Offerwall.Clicks;
using Offerwall.Conversions;
using Offerwall.Offers;
using Offerwall.Partners;
using Offerwall.Postbacks;

namespace Offerwall.Demo;

/// <summary>A demo partner with its fixed, documented credentials (demo data only).</summary>
public sealed record DemoPartner(string Name, string CurrencyName, decimal Ratio, decimal RevenueShare, bool Surveys,
    string ServerKey, string AppToken, string PostbackSecret, double UserShare);

/// <summary>
/// Builds a deterministic demo world (fixed seed): 3 partners, 50 offers with goals, users, clicks
/// and <c>rows</c> ledger rows spread over the last 60 days, about 3 % of them reversals, survey
/// rows for the survey partner, and a few pending conversions. Times are relative to "now"; ids,
/// names and amounts are the same on every run. Large sizes stream in chunks through
/// <see cref="BulkCopy"/> (COPY on PostgreSQL), so 10 million rows fit in little memory.
/// </summary>
public sealed class DemoData(OfferwallDb db, TimeProvider clock)
{
    public const int DefaultRows = 100_000;
    public const int Seed = 20261123;
    public const int OfferCount = 50;
    public const int SurveyOfferCount = 3;
    public static readonly TimeSpan Span = TimeSpan.FromDays(60);
    private const int ChunkSize = 50_000;

    public static readonly DemoPartner[] Partners =
    [
        new("Coin Quest", "Coins", 100m, 0.70m, false, "demo_coinquest_server_key", "demo_coinquest_app_token", "demo_coinquest_postback_secret", 0.60),
        new("Survey Hub", "Gems", 1000m, 0.65m, true, "demo_surveyhub_server_key", "demo_surveyhub_app_token", "demo_surveyhub_postback_secret", 0.25),
        new("Points Site", "Points", 10m, 0.80m, false, "demo_pointssite_server_key", "demo_pointssite_app_token", "demo_pointssite_postback_secret", 0.15),
    ];

    public static int UsersFor(int rows) => Math.Max(5_000, rows / 20);

    /// <summary>Fills an empty database. <paramref name="progress"/> gets (ledger rows written, total).</summary>
    public async Task GenerateAsync(int rows, IProgress<(long Done, long Total)>? progress = null, CancellationToken ct = default)
    {
        if (await db.Partners.AnyAsync(ct))
            throw new InvalidOperationException("The database already has partners; demo data goes only into an empty one.");

        var random = new Random(Seed);
        var now = LedgerEntry.ToWholeSecond(clock.GetUtcNow().UtcDateTime);
        var start = now - Span;

        var partners = Partners.Select((p, i) => new Partner
        {
            PostbackUrl = i == FailingPartnerIndex ? FailingPostbackUrl : null,
            Name = p.Name, CurrencyName = p.CurrencyName, CurrencyRatio = p.Ratio, RevenueShare = p.RevenueShare,
            SurveysEnabled = p.Surveys, ServerKeyHash = PartnerKeys.Hash(p.ServerKey), ServerKeyHint = PartnerKeys.Hint(p.ServerKey),
            AppToken = p.AppToken, PostbackSecret = p.PostbackSecret, IsDemo = true, CreatedAt = start,
        }).ToArray();
        db.Partners.AddRange(partners);

        var advertiser = new Advertiser { Name = "Demo Advertiser", Secret = "demo_advertiser_secret", CreatedAt = start };
        db.Advertisers.Add(advertiser);
        await db.SaveChangesAsync(ct);

        var offers = Enumerable.Range(0, OfferCount).Select(i => MakeOffer(random, i, advertiser.Id, start)).ToArray();
        db.Offers.AddRange(offers);
        await db.SaveChangesAsync(ct);

        var userCount = UsersFor(rows);
        var users = new User[userCount];
        var userPartner = new int[userCount];
        for (int i = 0, p = 0, bound = (int)(userCount * Partners[0].UserShare); i < userCount; i++)
        {
            while (i >= bound && p < Partners.Length - 1) bound += (int)(userCount * Partners[++p].UserShare);
            userPartner[i] = p;
            var id = $"{(i % 3 == 0 ? "Player" : "user")}-{i + 1:D6}{(char)('a' + random.Next(26))}";
            users[i] = new User
            {
                Id = i + 1, PartnerId = partners[p].Id, ExternalId = id, ExternalIdKey = User.KeyOf(id),
                CreatedAt = start.AddMinutes(random.Next(60 * 24)),
            };
        }
        await BulkCopy.InsertAsync(db, users, ct);
        await BulkCopy.ResetIdentityAsync<User>(db, ct);

        var builder = new LedgerBuilder(random, partners, offers, users, userPartner);
        var step = Span.Ticks / rows;
        for (var done = 0; done < rows;)
        {
            var n = Math.Min(ChunkSize, rows - done);
            for (var i = 0; i < n; i++)
                builder.Next(start.AddTicks((done + i) * step + random.NextInt64(step)));
            done += n;
            await builder.FlushAsync(db, ct);
            progress?.Report((done, rows));
        }
        builder.DrainReversals(now);
        // A few conversions still in their hold period: visible to the client API, not yet paid.
        for (var i = 0; i < Math.Max(rows / 100, 10); i++)
            builder.Pending(now.AddMinutes(-random.Next(1, 24 * 60)));
        await builder.FlushAsync(db, ct);

        await BulkCopy.ResetIdentityAsync<Click>(db, ct);
        await BulkCopy.ResetIdentityAsync<Conversion>(db, ct);
        await BulkCopy.ResetIdentityAsync<LedgerEntry>(db, ct);
        await BulkCopy.AnalyzeAsync(db, ct);

        await LiveAsync(random, partners, offers, advertiser, clock.GetUtcNow().UtcDateTime, ct);
        await ControlledOffersAsync(partners, advertiser, clock.GetUtcNow().UtcDateTime, ct);
        await MmpOfferAsync(partners, clock.GetUtcNow().UtcDateTime, ct);
        await FailingPartnerAsync(partners[FailingPartnerIndex], now, ct);
    }

    /// <summary>The demo partner whose postbacks fail (Points Site): its URL is a port of this machine where nothing listens.</summary>
    public const int FailingPartnerIndex = 2;

    /// <summary>
    /// Port 1 of this machine: the SSRF guard refuses it before any connection (private networks are not allowed by default), and where
    /// they are allowed nothing listens there, so the connection is refused at once. Either way nothing leaves the machine.
    /// </summary>
    public const string FailingPostbackUrl = "http://127.0.0.1:1/points-site/postback?tx={transaction_id}&status={status}&reverse={reverse}";

    /// <summary>How many of the failing partner's deliveries are dead, out of retries, in the demo.</summary>
    public const int DeadDeliveries = 5;

    /// <summary>What the guard answers for the failing partner's URL, as the postback worker records it.</summary>
    public const string FailingAttemptError = FailingRefusal + " (127.0.0.1:1) (" + FailingRefusal + ")";

    private const string FailingRefusal = "Refused: 127.0.0.1 resolves only to private, loopback, link-local, reserved or this machine's own addresses.";

    /// <summary>
    /// A failing partner for the console and the postback log: Points Site points its postbacks at <see cref="FailingPostbackUrl"/>
    /// (from its creation, so today's live conversions queue postbacks for it), and its last <see cref="DeadDeliveries"/> payments of four
    /// to five days ago have each been tried the whole retry ladder through, every attempt refused, and are dead (replayable). The running
    /// server's worker tries the live conversions' postbacks and they fail too, moving along the ladder: a few attempts over days, never
    /// a busy loop.
    /// </summary>
    private async Task FailingPartnerAsync(Partner partner, DateTime now, CancellationToken ct)
    {
        var (from, to) = (now.AddDays(-5), now.AddDays(-4));
        var paid = await db.Ledger.AsNoTracking().Where(l => l.PartnerId == partner.Id && !l.Reverse && l.OccurredAt >= from && l.OccurredAt < to)
            .OrderByDescending(l => l.OccurredAt).ThenByDescending(l => l.Id).Take(DeadDeliveries).ToListAsync(ct);
        var ladder = PostbackOptions.DefaultLadder;
        var deliveries = paid.OrderBy(l => l.Id).Select(l => new PostbackDelivery
        {
            PartnerId = partner.Id, ConversionId = l.TransactionId, LedgerEntryId = l.Id, Event = "approved", Status = DeliveryStatus.Dead,
            Attempts = ladder.Length + 1, RetryStep = ladder.Length + 1, CreatedAt = l.OccurredAt,
            NextAttemptAt = l.OccurredAt + ladder.Aggregate(TimeSpan.Zero, (sum, wait) => sum + wait),
        }).ToList();
        db.PostbackDeliveries.AddRange(deliveries);
        await db.SaveChangesAsync(ct);
        foreach (var (delivery, row) in deliveries.Zip(paid.OrderBy(l => l.Id)))
        {
            delivery.Ledger = row;
            var url = PostbackSender.Render(partner, DeliveryQueue.Values(delivery, null), delivery.Id, delivery.CreatedAt).Url;
            var at = delivery.CreatedAt;
            for (var step = 0; step <= ladder.Length; step++)
            {
                if (step > 0) at += ladder[step - 1];
                db.PostbackAttempts.Add(new PostbackAttempt { DeliveryId = delivery.Id, At = at, Url = url, StatusCode = null, LatencyMs = 0, Response = FailingAttemptError });
            }
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>The demo's advertiser on the AppsFlyer intake profile (docs/integrations.md): its id, fixed token and offer.</summary>
    public const long MmpAdvertiserId = 2;
    public const string MmpToken = "demo_mmp_token_appsflyer_0123456789";
    public const string MmpOfferId = "demo-mmp";
    public const string MmpUser = "demo-mmp-user";
    public const string MmpTxId = "demo-mmp-tx";

    /// <summary>
    /// An advertiser whose conversions come from AppsFlyer: its offer's event map names "install", "af_level_10" and "af_purchase",
    /// EUR has a rate, and one click (<see cref="MmpTxId"/>) waits for the curl in docs/integrations.md and the README.
    /// </summary>
    private async Task MmpOfferAsync(Partner[] partners, DateTime now, CancellationToken ct)
    {
        var advertiser = new Advertiser
        {
            Name = "Demo MMP Advertiser (AppsFlyer)", Secret = "demo_mmp_advertiser_secret", CreatedAt = now, IntakeProfile = "appsflyer",
            TokenHash = PartnerKeys.Hash(MmpToken),
        };
        db.Advertisers.Add(advertiser);
        await db.SaveChangesAsync(ct);
        if (advertiser.Id != MmpAdvertiserId) throw new InvalidOperationException($"The demo MMP advertiser got id {advertiser.Id}, not {MmpAdvertiserId}.");
        Goal Make(string id, string name, decimal payout, decimal reward, string events, GoalKind kind = GoalKind.Flat, int position = 0) => new()
        {
            PublicId = $"{MmpOfferId}_{id}", Name = name, Uuid = Guid.NewGuid(), Payout = payout, Reward = reward, Kind = kind, Position = position,
            DisplayType = kind == GoalKind.Dynamic ? DisplayType.Commission : DisplayType.None, MmpEvents = events,
        };
        var offer = new Offer
        {
            PublicId = MmpOfferId, AdvertiserId = advertiser.Id, Kind = OfferKind.Offer, Name = "Castle Clash (AppsFlyer)", Description = "Play Castle Clash and earn.",
            TrackingUrl = "https://app.appsflyer.com/com.example.castle?pid=offerwall_int&clickid={tx_id}&advertising_id={gaid}",
            IconUrl = $"/wall/icons/{MmpOfferId}.svg", IsGame = true, Categories = "Strategy", CreatedAt = now,
            Goals =
            [
                Make("install", "Install and open", 1.00m, 0.50m, "install"),
                Make("level-10", "Reach level 10", 2.00m, 1.00m, "af_level_10", position: 1),
                Make("purchase", "Make a purchase", 10.00m, 3.00m, "af_purchase", GoalKind.Dynamic, 2),
            ],
        };
        db.Offers.Add(offer);
        db.CurrencyRates.Add(new CurrencyRate { Code = "EUR", UsdPerUnit = 1.08m, UpdatedAt = now });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await StartOffer.StartAsync(db, partners[0], MmpUser, offer, DemoSeen, now, ct, MmpTxId);
    }

    /// <summary>Click id of the demo click that the demo leaves unconverted; docs/ledger.md converts it with a signed postback.</summary>
    public const string UnconvertedTxId = "demo-tx-unconverted";

    // The demo's clicks: from this machine, the demo app's user agent, in the demo country database's country for loopback.
    private static readonly StartOffer.Seen DemoSeen = new("127.0.0.1", "Offerwall demo", "US", "web");

    public const string UnconvertedUser = "demo-user";
    public const int LiveClicks = 60;

    /// <summary>
    /// Today's traffic, through the real code paths: users start offers (clicks) and the advertiser's
    /// signed postbacks report their goals, so the demo holds conversions in every state the real
    /// flow makes (approved at once, pending in their hold, with their history and queued postbacks).
    /// </summary>
    private async Task LiveAsync(Random random, Partner[] partners, Offer[] offers, Advertiser advertiser, DateTime now, CancellationToken ct)
    {
        var game = offers[0];
        await StartOffer.StartAsync(db, partners[0], UnconvertedUser, game, DemoSeen, now, ct, UnconvertedTxId);
        for (var i = 0; i < LiveClicks; i++)
        {
            var partner = partners[i % partners.Length];
            var offer = offers[random.Next(OfferCount - SurveyOfferCount)];
            var click = (await StartOffer.StartAsync(db, partner, $"live-user-{i + 1:D3}", offer, DemoSeen, now, ct, $"demo-tx-{i + 1:D4}")).Click!;
            var reached = 1 + random.Next(offer.Goals.Count);
            foreach (var goal in offer.Goals.OrderBy(g => g.Position).Take(reached))
            {
                var parameters = new Dictionary<string, string> { ["tx_id"] = click.TxId, ["goal_id"] = goal.PublicId };
                if (goal.Kind == GoalKind.Dynamic)
                {
                    parameters["event_id"] = $"order-{i + 1}";
                    parameters["payout"] = goal.Payout.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                var signature = AdvertiserSignature.Sign(advertiser.Secret, AdvertiserSignature.Canonical(parameters));
                var (report, _) = ConversionReport.Parse(parameters);
                var outcome = await RecordConversion.RecordAsync(db, new Promotions(clock), new Postbacks.DeliverySignal(), report!, parameters, signature, null, now, ct);
                if (outcome.ErrorCode is not null)
                    throw new InvalidOperationException($"Demo postback refused: {outcome.ErrorCode} {outcome.Message}");
            }
        }
    }

    /// <summary>The demo's offer open to the United States only (this machine is there in the demo country database).</summary>
    public const string UsOnlyOfferId = "demo-us-only";

    /// <summary>The demo's offer open to Germany only: hidden from this machine, shown through a trusted proxy from 192.0.2.x.</summary>
    public const string GermanyOnlyOfferId = "demo-de-only";

    /// <summary>The demo's offer with a cap of 3 conversions a day, reached: capped until midnight US Eastern.</summary>
    public const string CappedOfferId = "demo-capped";

    /// <summary>The demo's offer whose conversions must come at least a minute after the click, or wait for the operator's review.</summary>
    public const string ReviewedOfferId = "demo-reviewed";

    /// <summary>The demo user whose conversion of <see cref="ReviewedOfferId"/> came too soon: held in the review queue.</summary>
    public const string HeldUser = "demo-fast-user";

    /// <summary>
    /// Four offers that show the delivery controls and the fraud rules (README): one for the US only, one for Germany only, one capped
    /// at three conversions a day whose cap three demo users have just reached, through the same advertiser postbacks as everyone's, and
    /// one whose rule (min_seconds_to_convert, 60 s, hold) holds a conversion reported at the instant of its click for review.
    /// </summary>
    private async Task ControlledOffersAsync(Partner[] partners, Advertiser advertiser, DateTime now, CancellationToken ct)
    {
        Offer Make(string id, string name, string countries, Caps caps) => new()
        {
            PublicId = id, AdvertiserId = advertiser.Id, Kind = OfferKind.Offer, Name = name, Description = $"Play {name} and earn.",
            TrackingUrl = "https://track.example/demo?tx={tx_id}&country={country}&platform={platform}", Countries = countries,
            IconUrl = $"/wall/icons/{id}.svg", IsGame = true, Categories = "Casual", CreatedAt = now, Caps = caps,
            Goals = [new Goal { PublicId = id + "_install", Name = "Install and open", Uuid = Guid.NewGuid(), Payout = 1.00m, Reward = 0.50m }],
        };
        var capped = Make(CappedOfferId, "Daily Deal Rush", "", new Caps { DailyConversions = 3 });
        var reviewed = Make(ReviewedOfferId, "Speed Runner", "", new Caps());
        db.Offers.AddRange(Make(UsOnlyOfferId, "Atlas Runner (US only)", "US", new Caps()),
            Make(GermanyOnlyOfferId, "Berlin Builder (Germany only)", "DE", new Caps()), capped, reviewed);
        await db.SaveChangesAsync(ct);
        db.FraudRuleSettings.Add(new FraudRuleSetting
            { Rule = FraudRule.MinSecondsToConvert, OfferId = reviewed.Id, Limit = 60, Outcome = FraudRule.OutcomeName(RuleOutcome.Hold), UpdatedAt = now });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        var fraud = new RuleSettings(Options.Create(new FraudOptions()), clock);
        var fast = (await StartOffer.StartAsync(db, partners[0], HeldUser, reviewed, DemoSeen, now, ct, "demo-fast-tx")).Click!;
        var fastParameters = new Dictionary<string, string> { ["tx_id"] = fast.TxId, ["goal_id"] = reviewed.Goals[0].PublicId };
        var (fastReport, _) = ConversionReport.Parse(fastParameters);
        var held = await RecordConversion.RecordAsync(db, new Promotions(clock), new Postbacks.DeliverySignal(), fastReport!, fastParameters,
            AdvertiserSignature.Sign(advertiser.Secret, AdvertiserSignature.Canonical(fastParameters)), null, now, ct, fraud: fraud);
        if (held.ErrorCode is not null) throw new InvalidOperationException($"Demo postback refused: {held.ErrorCode} {held.Message}");
        for (var i = 1; i <= 3; i++)
        {
            var click = (await StartOffer.StartAsync(db, partners[0], $"capped-user-{i}", capped, DemoSeen, now, ct, $"demo-capped-tx-{i}")).Click!;
            var parameters = new Dictionary<string, string> { ["tx_id"] = click.TxId, ["goal_id"] = capped.Goals[0].PublicId };
            var signature = AdvertiserSignature.Sign(advertiser.Secret, AdvertiserSignature.Canonical(parameters));
            var (report, _) = ConversionReport.Parse(parameters);
            var outcome = await RecordConversion.RecordAsync(db, new Promotions(clock), new Postbacks.DeliverySignal(), report!, parameters, signature, null, now, ct);
            if (outcome.ErrorCode is not null) throw new InvalidOperationException($"Demo postback refused: {outcome.ErrorCode} {outcome.Message}");
        }
    }

    private static readonly string[] Games =
        ["Club Vegas Slots", "Coin Master", "Family Island", "Dragon Farm", "Merge Mansion", "Solitaire Grand", "Bingo Blitz",
         "Royal Match", "Tile Quest", "Block Blast", "Word Trip", "Sea Empire", "Hero Wars", "Raid Legends", "Pet Rescue"];

    private static Offer MakeOffer(Random random, int index, long advertiserId, DateTime createdAt)
    {
        var publicId = RandomId(random, 12);
        var survey = index >= OfferCount - SurveyOfferCount;
        var name = survey ? $"Survey Router {index - (OfferCount - SurveyOfferCount) + 1}" : $"{Games[index % Games.Length]} {index / Games.Length + 1}";
        var offer = new Offer
        {
            PublicId = publicId, AdvertiserId = advertiserId, Kind = survey ? OfferKind.Survey : OfferKind.Offer, Name = name,
            Description = survey ? "Share your opinion and earn." : $"Play {name} and earn rewards as you progress.",
            Requirements = survey ? "Complete a survey with honest answers." : "Install the game and reach each goal.",
            IconUrl = $"/wall/icons/{publicId}.svg", ContactUrl = "https://example.com/support",
            Disclaimer = "New users only.", ConfirmationTime = "Up to 24 hours", ThingsToKnow = "New players only\nNo VPN",
            Categories = survey ? "Survey" : "Game,Android", IsGame = !survey, ProductId = $"com.example.{publicId.ToLowerInvariant()}",
            ProductName = name, TrackingUrl = $"https://track.example.com/click?offer={publicId}&tx_id={{tx_id}}&sub={{user_id}}",
            TimeLimitHours = index % 4 == 0 ? 24 * 14 : null, CreatedAt = createdAt,
        };
        var goals = survey ? 1 : 3 + random.Next(6);
        for (var g = 0; g < goals; g++)
        {
            var purchase = !survey && g == goals - 1 && index % 3 == 0;
            var reward = survey ? 0.5m + random.Next(150) / 100m : purchase ? 5m : g == 0 ? 0m : Rewards.Cents(0.2m * g + random.Next(100) / 100m);
            offer.Goals.Add(new Goal
            {
                PublicId = $"{publicId}_{g}", Uuid = new Guid(random.NextBytes16()), Position = g,
                Name = survey ? "Survey completed" : g == 0 ? "Successfully Installed the App" : purchase ? "Make a purchase" : $"Level {g * 10} Reached",
                Reward = reward, Payout = Rewards.Cents(reward * 1.5m + (g == 0 ? 1.5m : 0m)),
                Kind = purchase ? GoalKind.Dynamic : GoalKind.Flat,
                DisplayType = purchase ? DisplayType.Commission : DisplayType.None,
                CommissionAmount = purchase ? 10m : null,
                Type = survey ? GoalType.NotSpecified : g == 0 ? GoalType.Install : purchase ? GoalType.Purchase : GoalType.Event,
                HoldHours = g == 0 || survey ? 0 : 24,
            });
        }
        return offer;
    }

    internal static string RandomId(Random random, int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(length, random, (span, r) => { for (var i = 0; i < span.Length; i++) span[i] = alphabet[r.Next(alphabet.Length)]; });
    }
}
