using System.Globalization;
using Offerwall.Data;
using Offerwall.Offers;

namespace Offerwall.Conversions;

/// <summary>
/// What an MMP postback says, read by its profile's parameter names: the click (our tx_id), the names to look up in the offer's
/// event map (an install: <see cref="MmpProfile.InstallEvent"/>), the event's id, its revenue in the reported currency, and the
/// MMP's reason when it rejected the install or event.
/// </summary>
public sealed record MmpEvent(string ClickId, IReadOnlyList<string> Names, string? EventId, decimal? Revenue, string? Currency, string? Rejection)
{
    public const int MaxReasonLength = 200;
    public const decimal MaxRevenue = 1_000_000_000_000m;

    /// <summary>Reads the postback's parameters (empty ones count as absent); the error names the first bad one.</summary>
    public static (MmpEvent? Event, string? Error) Read(MmpProfile p, IReadOnlyDictionary<string, string> q)
    {
        string? Get(string name) => q.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        static bool Bad(string v, int max) => v.Length > max || v.Any(char.IsControl) || !StoredText.IsStorable(v);

        if (Get(p.ClickId) is not { } clickId) return (null, $"{p.ClickId} (the click id) is required.");
        if (Bad(clickId, 64)) return (null, $"{p.ClickId} must be at most 64 characters without control characters.");

        var kind = p.Kind is null ? null : Get(p.Kind);
        var named = p.EventNames.Select(Get).OfType<string>().ToList();
        if (named.FirstOrDefault(n => Bad(n, MmpEventMap.MaxNameLength)) is not null)
            return (null, $"{string.Join(" and ", p.EventNames)} must be at most {MmpEventMap.MaxNameLength} characters without control characters.");
        if (kind is not null && Bad(kind, 50)) return (null, $"{p.Kind} must be at most 50 characters without control characters.");
        var install = kind is not null ? p.InstallValues.Contains(kind) : named.Count == 0 || named.Any(n => p.InstallValues.Contains(n));
        IReadOnlyList<string> names = install ? [MmpProfile.InstallEvent] : named;
        if (names.Count == 0) return (null, $"{string.Join(" or ", p.EventNames)} (the event name) is required for an in-app event.");

        var rawId = p.EventIds.Select(Get).OfType<string>().FirstOrDefault();
        if (rawId is not null && Bad(rawId, 150)) return (null, $"{string.Join(" or ", p.EventIds)} must be at most 150 characters without control characters.");
        // The event's own id (or time) under its name: two different events reported at the same instant stay two events.
        var eventId = rawId is null ? null : $"{names[0]}:{rawId}";

        decimal? revenue = null;
        if (Get(p.Revenue) is { } text)
        {
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount > MaxRevenue || amount.Scale > 12)
                return (null, $"{p.Revenue} must be a number from 0 to {MaxRevenue} with at most 12 decimals.");
            revenue = amount;
        }
        var currency = Get(p.Currency);
        if (currency is not null && !CurrencyRates.IsCode(currency)) return (null, $"{p.Currency} must be a three-letter currency code.");

        var flagged = p.RejectedFlag is not null && Get(p.RejectedFlag) is { } flag && (flag == "1" || flag.Equals("true", StringComparison.OrdinalIgnoreCase));
        var reasons = p.Reasons.Select(Get).OfType<string>().Select(r => StoredText.Clean(new string(r.Where(c => !char.IsControl(c)).ToArray()))).ToList();
        var rejected = flagged || reasons.Count > 0 || (kind is not null && p.RejectedKinds.Contains(kind));
        var reason = rejected ? (reasons.Count > 0 ? string.Join('/', reasons) : kind ?? "rejected") : null;
        if (reason is { Length: > MaxReasonLength }) reason = reason[..MaxReasonLength];
        return (new MmpEvent(clickId, names, eventId, revenue, currency?.ToUpperInvariant(), reason), null);
    }
}
