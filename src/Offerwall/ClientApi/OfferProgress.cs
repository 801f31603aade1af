using System.Globalization;
using Offerwall.Data;
using Offerwall.Offers;
using Offerwall.Web;

namespace Offerwall.ClientApi;

public sealed record TimePlayed(long Id, string GoalUnit, int GoalUnitCount);

/// <summary>One goal of the offer as the user sees it (seed 004's event), keys in the seed's order.</summary>
public sealed record EventProgress(
    string Uuid, string Name, int ApprovedConversions, string ApprovedCpa, int PendingConversions, string PendingCpa, string Status,
    string Type, bool Payable, string Timestamp, string PendingReason, string DisplayType, string PromisedPoints,
    string? PromisedCommissionAmount, TimePlayed? TimePlayed, string? OfferExpiresAt, double? MinutesLeft, int TypeId, string? PromotionalPoints);

/// <summary>GET /v1/client/user/history/offers/{offerId}'s data, keys in the seed's order.</summary>
public sealed record OfferDetails(
    string OfferId, string Anchor, string Description, string Requirements, string IconUrl, string ContactUrl, IReadOnlyList<string> ThingsToKnow,
    string StartedAt, string Disclaimer, IReadOnlyList<EventProgress> Events, int? HoursLeft, bool IsGame, string ProductId, string ProductName,
    IReadOnlyList<string> Categories, string ConfirmationTime, string LatestDate, string ContinueUrl, string Points, int CompletedEvents,
    bool Completed, bool HasPendingConversions, string TotalPoints, string? TotalPromotionalPoints, string TotalApprovedPoints,
    string TotalPendingPoints, string TotalCancelledPoints, int TotalEvents, int TotalApprovedEvents, int TotalPendingEvents,
    int TotalCancelledEvents, string TxId, string? NextEvent, string? NextPayableEvent);

/// <summary>What the client API needs of one conversion.</summary>
public sealed record UserConversion(long GoalId, ConversionStatus Status, decimal RewardLocal, DateTime CreatedAt, DateTime? DecidedAt);

/// <summary>
/// A user's progress in one offer, computed from the offer's goals and the user's conversions on
/// its click; pure, so every rule is unit-tested. Points are in the partner's currency, as
/// strings with two decimals. A reversed conversion counts as cancelled.
/// </summary>
public static class OfferProgress
{
    public static string Points(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Points a goal promises: its reward in the partner's currency, with the best running promotion, if any.</summary>
    public static (decimal Points, decimal? Promoted) Promised(Goal goal, Partner partner, IReadOnlyList<Promotion> running)
    {
        var promise = GoalTerms.Promise(goal, partner, running);
        return (promise.RewardLocal, promise.PromotionalRewardLocal);
    }

    public static string Status(IReadOnlyCollection<UserConversion> conversions) =>
        conversions.Count == 0 ? "viewed"
        : conversions.Any(c => c.Status == ConversionStatus.Approved) ? "completed"
        : conversions.Any(c => c.Status == ConversionStatus.Pending) ? "pending"
        : "cancelled";

    public static bool IsCancelled(ConversionStatus s) => s is ConversionStatus.Cancelled or ConversionStatus.Reversed;

    public static OfferDetails Build(Offer offer, Click click, Partner partner, IReadOnlyList<UserConversion> conversions,
        IReadOnlyList<Promotion> running, string continueUrl, DateTime now)
    {
        var goals = GoalTerms.Shown(offer.Goals, id => conversions.Any(c => c.GoalId == id)).ToList();
        var events = new List<EventProgress>(goals.Count);
        decimal total = 0, totalPromoted = 0;
        var anyPromotion = false;
        string? next = null, nextPayable = null;
        var completed = 0;
        foreach (var goal in goals)
        {
            var mine = conversions.Where(c => c.GoalId == goal.Id).ToList();
            var approved = mine.Where(c => c.Status == ConversionStatus.Approved).ToList();
            var pending = mine.Where(c => c.Status == ConversionStatus.Pending).ToList();
            var status = Status(mine);
            var (points, promoted) = Promised(goal, partner, running);
            if (goal.Payable)
            {
                total += points;
                totalPromoted += promoted ?? points;
                anyPromotion |= promoted is not null;
            }
            if (status == "completed") completed++;
            else
            {
                next ??= goal.Uuid.ToString();
                if (goal.Payable) nextPayable ??= goal.Uuid.ToString();
            }

            // The goal's own time limit, or else the offer's: the advertiser's postback is refused (410) after it.
            var expires = Offer.Expiry(click.CreatedAt, goal.TimeLimitHours ?? offer.TimeLimitHours);
            var latest = mine.Count == 0 ? click.CreatedAt : mine.Max(c => c.DecidedAt ?? c.CreatedAt);
            events.Add(new EventProgress(
                Uuid: goal.Uuid.ToString(),
                Name: goal.Name,
                ApprovedConversions: approved.Count,
                ApprovedCpa: Points(approved.Sum(c => c.RewardLocal)),
                PendingConversions: pending.Count,
                PendingCpa: Points(pending.Sum(c => c.RewardLocal)),
                Status: status,
                Type: GoalTerms.KindName(goal.Kind),
                Payable: goal.Payable,
                Timestamp: IsoUtc.Format(latest),
                PendingReason: "",
                DisplayType: GoalTerms.DisplayName(goal.DisplayType),
                PromisedPoints: goal.Payable ? Points(points) : "0",
                PromisedCommissionAmount: goal.DisplayType == DisplayType.Commission && goal.CommissionAmount is { } commission ? Points(commission) : null,
                TimePlayed: TimePlayedOf(goal),
                OfferExpiresAt: expires is null ? null : IsoUtc.Format(expires.Value),
                MinutesLeft: expires is null ? null : Math.Round(Math.Max(0, (expires.Value - now).TotalMinutes), 2),
                TypeId: (int)goal.Type,
                PromotionalPoints: goal.Payable && promoted is not null ? Points(promoted.Value) : null));
        }

        int? hoursLeft = Offer.Expiry(click.CreatedAt, offer.TimeLimitHours) is { } offerExpires ? (int)Math.Max(0, Math.Floor((offerExpires - now).TotalHours)) : null;
        var approvedAll = conversions.Where(c => c.Status == ConversionStatus.Approved).ToList();
        var pendingAll = conversions.Where(c => c.Status == ConversionStatus.Pending).ToList();
        var cancelledAll = conversions.Where(c => IsCancelled(c.Status)).ToList();
        var latestDate = conversions.Count == 0 ? click.CreatedAt : Max(click.CreatedAt, conversions.Max(c => c.DecidedAt ?? c.CreatedAt));

        return new OfferDetails(
            OfferId: offer.PublicId,
            Anchor: offer.Name,
            Description: offer.Description,
            Requirements: offer.Requirements,
            IconUrl: offer.IconUrl,
            ContactUrl: offer.ContactUrl,
            ThingsToKnow: Lines(offer.ThingsToKnow, '\n'),
            StartedAt: IsoUtc.Format(click.CreatedAt),
            Disclaimer: offer.Disclaimer,
            Events: events,
            HoursLeft: hoursLeft,
            IsGame: offer.IsGame,
            ProductId: offer.ProductId,
            ProductName: offer.ProductName,
            Categories: Lines(offer.Categories, ','),
            ConfirmationTime: offer.ConfirmationTime,
            LatestDate: IsoUtc.Format(latestDate),
            ContinueUrl: continueUrl,
            Points: Points(approvedAll.Sum(c => c.RewardLocal)),
            CompletedEvents: completed,
            Completed: goals.Count > 0 && completed == goals.Count,
            HasPendingConversions: pendingAll.Count > 0,
            TotalPoints: Points(total),
            TotalPromotionalPoints: anyPromotion ? Points(totalPromoted) : null,
            TotalApprovedPoints: Points(approvedAll.Sum(c => c.RewardLocal)),
            TotalPendingPoints: Points(pendingAll.Sum(c => c.RewardLocal)),
            TotalCancelledPoints: Points(cancelledAll.Sum(c => c.RewardLocal)),
            TotalEvents: conversions.Count,
            TotalApprovedEvents: approvedAll.Count,
            TotalPendingEvents: pendingAll.Count,
            TotalCancelledEvents: cancelledAll.Count,
            TxId: click.TxId,
            NextEvent: next,
            NextPayableEvent: nextPayable);
    }

    /// <summary>A time-played goal's unit and count (minutes unless set); null for other goals.</summary>
    public static TimePlayed? TimePlayedOf(Goal goal) =>
        goal.Type == GoalType.TimePlayed ? new TimePlayed(goal.Id, goal.TimePlayedUnit ?? "minutes", goal.TimePlayedCount ?? 0) : null;

    public static IReadOnlyList<string> Lines(string text, char separator) =>
        text.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
