using System.Globalization;

namespace Offerwall.Conversions;

/// <summary>What an advertiser reports in a conversion postback, after validation.</summary>
public sealed record ConversionReport(string TxId, string GoalId, string? EventId, decimal? Payout, ReportedStatus? Status, bool Reverse, string? SurveyId)
{
    public const decimal MaxPayout = 100_000m;

    /// <summary>The measurement partner's reason when it rejected (blocked) the install or event: the conversion is cancelled with it.</summary>
    public string? Rejection { get; init; }

    /// <summary>Reads the postback's parameters; the error names the first bad one.</summary>
    public static (ConversionReport? Report, string? Error) Parse(IReadOnlyDictionary<string, string> q) => Parse(AdvertiserPostbackQuery.Of(q));

    /// <summary>Reads the postback's parameters (empty ones count as absent); the error names the first bad one.</summary>
    public static (ConversionReport? Report, string? Error) Parse(AdvertiserPostbackQuery q)
    {
        static string? Given(string? v) => string.IsNullOrEmpty(v) ? null : v;

        var txId = Given(q.TxId);
        var goalId = Given(q.GoalId);
        if (txId is null) return (null, "tx_id is required.");
        if (goalId is null) return (null, "goal_id is required.");
        if (txId.Length > 64) return (null, "tx_id is longer than 64 characters.");
        if (goalId.Length > 100) return (null, "goal_id is longer than 100 characters.");
        var eventId = Given(q.EventId);
        if (eventId is { Length: > 200 }) return (null, "event_id is longer than 200 characters.");
        var surveyId = Given(q.SurveyId);
        if (surveyId is { Length: > 100 }) return (null, "survey_id is longer than 100 characters.");
        // Ids are text: a control character (NUL above all, which PostgreSQL cannot store) makes one malformed.
        foreach (var (name, value) in new[] { ("tx_id", txId), ("goal_id", goalId), ("event_id", eventId), ("survey_id", surveyId) })
            if (value is not null && value.Any(char.IsControl)) return (null, $"{name} must not contain control characters.");

        decimal? payout = null;
        if (Given(q.Payout) is { } text)
        {
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                || amount > MaxPayout || amount.Scale > 6)
                return (null, $"payout must be a number from 0 to {MaxPayout} with at most 6 decimals.");
            payout = amount;
        }

        var statusText = Given(q.Status)?.ToLowerInvariant();
        ReportedStatus? status = statusText switch
        {
            "pending" => ReportedStatus.Pending,
            "approved" => ReportedStatus.Approved,
            "cancelled" or "canceled" or "rejected" => ReportedStatus.Cancelled,
            _ => null,
        };
        if (statusText is not null && status is null) return (null, "status must be pending, approved or cancelled.");

        bool? reverse = Given(q.Reverse) switch { null or "0" => false, "1" => true, _ => null };
        if (reverse is null) return (null, "reverse must be 1 or 0.");

        return (new ConversionReport(txId, goalId, eventId, payout, status, reverse.Value, surveyId), null);
    }
}
