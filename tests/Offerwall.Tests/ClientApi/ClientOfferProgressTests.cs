using Offerwall.ClientApi;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Tests.ClientApi;

/// <summary>The rules of a user's progress in one offer, on hand-made goals and conversions (no server).</summary>
public sealed class ClientOfferProgressTests
{
    private static readonly DateTime Clicked = new(2026, 11, 23, 15, 0, 0, DateTimeKind.Utc);

    private static readonly Partner Partner = new()
    {
        Id = 7, Name = "P", CurrencyName = "Coins", CurrencyRatio = 12.5m, RevenueShare = 0.5m, ServerKeyHash = "h", ServerKeyHint = "k",
        AppToken = "t", PostbackSecret = "s",
    };

    private static Goal NewGoal(long id, int position, decimal reward, GoalKind kind = GoalKind.Flat, int? limit = null) => new()
    {
        Id = id, PublicId = $"o_{id}", Uuid = new Guid($"00000000-0000-0000-0000-{id:D12}"), Position = position, Name = $"Goal {id}",
        Reward = reward, Payout = reward * 2 + 1, Kind = kind, TimeLimitHours = limit,
    };

    /// <summary>Goals listed out of order on purpose: events follow Position. 1: no reward; 2: 1.25 USD; 3: dynamic 3 USD; 4: 1.5 USD.</summary>
    private static Offer NewOffer(int? offerLimit = null, int? goalLimit = null) => new()
    {
        Id = 1, PublicId = "o", Name = "Offer", TrackingUrl = "https://t.example/{tx_id}", TimeLimitHours = offerLimit,
        ThingsToKnow = "One\n\n Two \n", Categories = "Game, Android,",
        Goals = [NewGoal(3, 2, 3m, GoalKind.Dynamic), NewGoal(1, 0, 0m), NewGoal(4, 3, 1.5m), NewGoal(2, 1, 1.25m, limit: goalLimit)],
    };

    private static readonly Click Click = new() { Id = 5, TxId = "tx-1", CreatedAt = Clicked };

    private static UserConversion Conv(long goal, ConversionStatus status, decimal points, int minutes, int? decidedMinutes = null) =>
        new(goal, status, points, Clicked.AddMinutes(minutes), decidedMinutes is null ? null : Clicked.AddMinutes(decidedMinutes.Value));

    private static OfferDetails Build(IReadOnlyList<UserConversion> conversions, DateTime? now = null, Offer? offer = null, IReadOnlyList<Promotion>? running = null) =>
        OfferProgress.Build(offer ?? NewOffer(), Click, Partner, conversions, running ?? [], "https://t.example/tx-1", now ?? Clicked.AddHours(1));

    [Fact]
    public void EventsFollowTheGoalsPositionAndStartViewed()
    {
        var details = Build([]);
        Assert.Equal(["Goal 1", "Goal 2", "Goal 3", "Goal 4"], details.Events.Select(e => e.Name));
        Assert.All(details.Events, e => Assert.Equal("viewed", e.Status));
        Assert.Equal(["0", "15.63", "37.50", "18.75"], details.Events.Select(e => e.PromisedPoints));
        Assert.Equal([false, true, true, true], details.Events.Select(e => e.Payable));
        Assert.Equal(["flat", "flat", "dynamic", "flat"], details.Events.Select(e => e.Type));
        Assert.Equal("71.88", details.TotalPoints);
        Assert.Equal("00000000-0000-0000-0000-000000000001", details.NextEvent);
        Assert.Equal("00000000-0000-0000-0000-000000000002", details.NextPayableEvent);
        Assert.Equal(["One", "Two"], details.ThingsToKnow);
        Assert.Equal(["Game", "Android"], details.Categories);
        Assert.Equal("2026-11-23T15:00:00Z", details.StartedAt);
        Assert.Equal("2026-11-23T15:00:00Z", details.LatestDate);
    }

    [Theory]
    [InlineData("", "viewed")]
    [InlineData("P", "pending")]
    [InlineData("A", "completed")]
    [InlineData("C", "cancelled")]
    [InlineData("R", "cancelled")]   // a reversed conversion counts as cancelled
    [InlineData("CR", "cancelled")]
    [InlineData("CP", "pending")]
    [InlineData("RP", "pending")]
    [InlineData("PA", "completed")]
    [InlineData("RA", "completed")]
    public void AnEventsStatusIsItsBestConversions(string statuses, string expected)
    {
        var conversions = statuses.Select(s => Conv(3, s switch
        {
            'P' => ConversionStatus.Pending, 'A' => ConversionStatus.Approved, 'C' => ConversionStatus.Cancelled, _ => ConversionStatus.Reversed,
        }, 10m, 1)).ToList();
        Assert.Equal(expected, Build(conversions).Events[2].Status);
    }

    [Fact]
    public void TotalsCountEachConversionByItsStatusAndPointsAreApprovedOnly()
    {
        var details = Build(
        [
            Conv(1, ConversionStatus.Approved, 0m, 1, 1),
            Conv(3, ConversionStatus.Approved, 75m, 2, 2),
            Conv(3, ConversionStatus.Approved, 18.75m, 3, 3),
            Conv(3, ConversionStatus.Pending, 12.5m, 4),
            Conv(2, ConversionStatus.Pending, 15.63m, 5),
            Conv(4, ConversionStatus.Reversed, 18.75m, 6, 6),
            Conv(4, ConversionStatus.Cancelled, 1.01m, 7, 8),
        ]);
        Assert.Equal("93.75", details.Points);
        Assert.Equal("93.75", details.TotalApprovedPoints);
        Assert.Equal("28.13", details.TotalPendingPoints);
        Assert.Equal("19.76", details.TotalCancelledPoints);
        Assert.Equal(7, details.TotalEvents);
        Assert.Equal(3, details.TotalApprovedEvents);
        Assert.Equal(2, details.TotalPendingEvents);
        Assert.Equal(2, details.TotalCancelledEvents);
        Assert.True(details.HasPendingConversions);
        Assert.Equal(2, details.CompletedEvents);
        Assert.False(details.Completed);
        Assert.Equal(["completed", "pending", "completed", "cancelled"], details.Events.Select(e => e.Status));
        var purchase = details.Events[2];
        Assert.Equal((2, "93.75", 1, "12.50"), (purchase.ApprovedConversions, purchase.ApprovedCpa, purchase.PendingConversions, purchase.PendingCpa));
        Assert.Equal("2026-11-23T15:04:00Z", purchase.Timestamp);        // its latest conversion
        Assert.Equal("2026-11-23T15:08:00Z", details.Events[3].Timestamp); // decided after it was created
        Assert.Equal("2026-11-23T15:08:00Z", details.LatestDate);
        Assert.Equal("00000000-0000-0000-0000-000000000002", details.NextEvent);
        Assert.Equal("00000000-0000-0000-0000-000000000002", details.NextPayableEvent);
    }

    [Fact]
    public void NextEventsAreNullWhenEveryGoalIsCompleted()
    {
        var details = Build([.. new long[] { 1, 2, 3, 4 }.Select(g => Conv(g, ConversionStatus.Approved, 1m, 1, 1))]);
        Assert.True(details.Completed);
        Assert.Equal(4, details.CompletedEvents);
        Assert.Null(details.NextEvent);
        Assert.Null(details.NextPayableEvent);
        Assert.False(details.HasPendingConversions);
    }

    [Fact]
    public void OnlyPayableUnfinishedGoalsCanBeTheNextPayableEvent()
    {
        var details = Build([Conv(2, ConversionStatus.Approved, 15.63m, 1, 1)]);
        Assert.Equal("00000000-0000-0000-0000-000000000001", details.NextEvent);   // the install pays nothing but is not done
        Assert.Equal("00000000-0000-0000-0000-000000000003", details.NextPayableEvent);
    }

    [Fact]
    public void TimeLimitsAreTheGoalsOwnOrElseTheOffersAndNeverBelowZero()
    {
        var offer = NewOffer(offerLimit: 48, goalLimit: 24);
        var details = Build([], Clicked.AddMinutes(90.5), offer);
        Assert.Equal(46, details.HoursLeft);
        Assert.Equal(["2026-11-25T15:00:00Z", "2026-11-24T15:00:00Z", "2026-11-25T15:00:00Z", "2026-11-25T15:00:00Z"], details.Events.Select(e => e.OfferExpiresAt));
        Assert.Equal([2789.5, 1349.5, 2789.5, 2789.5], details.Events.Select(e => e.MinutesLeft!.Value));

        var late = Build([], Clicked.AddHours(30), offer);
        Assert.Equal(18, late.HoursLeft);
        Assert.Equal(0, late.Events[1].MinutesLeft);
        Assert.Equal(0, Build([], Clicked.AddHours(100), offer).HoursLeft);

        var unlimited = Build([]);
        Assert.Null(unlimited.HoursLeft);
        Assert.All(unlimited.Events, e => Assert.Null(e.OfferExpiresAt));
        Assert.All(unlimited.Events, e => Assert.Null(e.MinutesLeft));
    }

    [Fact]
    public void ALimitStoredBeforeLimitsWereBoundedEndsOnTheCalendarsLastDay()
    {
        // Imports used to accept 100,000,000 hours, which from any click runs past the year 9999.
        var now = Clicked.AddHours(1);
        var details = Build([], now, NewOffer(offerLimit: 100_000_000, goalLimit: int.MaxValue));
        Assert.Equal("9999-12-31T23:59:59Z", details.Events[1].OfferExpiresAt);
        Assert.Equal("9999-12-31T23:59:59Z", details.Events[0].OfferExpiresAt);
        Assert.Equal((int)Math.Floor((DateTime.MaxValue - now).TotalHours), details.HoursLeft);
    }

    [Fact]
    public void TheBestRunningPromotionShowsForPayableGoalsOnly()
    {
        Promotion[] running =
        [
            new() { Id = 1, Multiplier = 2m, Bonus = 0.1m },
            new() { Id = 2, Multiplier = 1m, Bonus = 1m },   // better only below 0.90 USD
        ];
        var details = Build([], running: running);
        // 1.25 → 2.60 (31.25 → 32.50), 3 → 6.10 (76.25), 1.5 → 3.10 (38.75); the install stays at nothing.
        Assert.Equal([null, "32.50", "76.25", "38.75"], details.Events.Select(e => e.PromotionalPoints));
        Assert.Equal("147.50", details.TotalPromotionalPoints);
        Assert.Equal(["0", "15.63", "37.50", "18.75"], details.Events.Select(e => e.PromisedPoints));
        Assert.Null(Build([]).TotalPromotionalPoints);
    }

    [Fact]
    public void DisplayTypesTimePlayedAndCommissionAmountsAreShownAsConfigured()
    {
        var offer = NewOffer();
        var goals = offer.Goals.OrderBy(g => g.Position).ToList();
        goals[1].DisplayType = DisplayType.UpTo;
        goals[1].Type = GoalType.TimePlayed;
        goals[1].TimePlayedUnit = "hours";
        goals[1].TimePlayedCount = 2;
        goals[2].DisplayType = DisplayType.Commission;
        goals[2].CommissionAmount = 9.99m;
        goals[2].Type = GoalType.Purchase;
        var details = Build([], offer: offer);
        Assert.Equal(["none", "up_to", "commission", "none"], details.Events.Select(e => e.DisplayType));
        Assert.Equal([null, null, "9.99", null], details.Events.Select(e => e.PromisedCommissionAmount));
        Assert.Equal(new TimePlayed(2, "hours", 2), details.Events[1].TimePlayed);
        Assert.Null(details.Events[0].TimePlayed);
        Assert.Equal([0, 4, 3, 0], details.Events.Select(e => e.TypeId));
        Assert.All(details.Events, e => Assert.Equal("", e.PendingReason));
    }

    [Theory]
    [InlineData("2026-11-23T15:00:00.9999999", "2026-11-23T15:00:00Z")]
    [InlineData("2026-01-02T03:04:05", "2026-01-02T03:04:05Z")]
    public void TimesAreRfc3339InUtcWithoutFraction(string value, string expected) =>
        Assert.Equal(expected, IsoUtc.Format(DateTime.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("0", "0.00")]
    [InlineData("15.625", "15.63")]
    [InlineData("1234567.5", "1234567.50")]
    public void PointsHaveTwoDecimals(string value, string expected) =>
        Assert.Equal(expected, OfferProgress.Points(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
}
