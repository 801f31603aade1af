using System.Globalization;
using Offerwall.Offers;
using Offerwall.Partners;

namespace Offerwall.PartnerApi;

/// <summary>The Data API's filters, after validation. Dates are Eastern calendar days, both inclusive.</summary>
public sealed record ConversionQuery(
    DateOnly From, DateOnly To, string? UserId, string? OfferId, bool? IsReverse, int PerPage, int Page, OfferKind? Type)
{
    public const int MaxPerPage = 1000;

    /// <summary>
    /// Reads and validates the query string the way the published API does (Laravel's rules and
    /// messages). Empty values count as absent; a repeated parameter counts by its last value.
    /// Returns the query, or the errors by field in the order of the documented parameters.
    /// </summary>
    public static (ConversionQuery? Query, Dictionary<string, string[]> Errors) Parse(IQueryCollection q, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        string? Value(string name) => q.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[^1]) ? v[^1] : null;
        void Fail(string field, string message) => errors[field] = [message];

        DateOnly? from = ParseDate("from_date", Value("from_date"));
        DateOnly? to = ParseDate("to_date", Value("to_date"));
        if (!errors.ContainsKey("from_date") && !errors.ContainsKey("to_date"))
        {
            (from, to) = EasternTime.DefaultRange(from, to, today);
            if (from > to)
                Fail("from_date", "The from date field must be a date before or equal to to date.");
        }

        // No user id or offer id holds a control character (the client API and the import refuse them),
        // and PostgreSQL cannot take a NUL in a query: U+0001 stands in for it and still matches nothing.
        var userId = Value("user_id")?.Replace('\0', '\u0001');
        if (userId is not null && userId.Length > User.MaxIdLength)
            Fail("user_id", $"The user id field must not be greater than {User.MaxIdLength} characters.");

        var offerId = Value("offer_id")?.Replace('\0', '\u0001');
        if (offerId is not null && offerId.Length > Offer.MaxPublicIdLength)
            Fail("offer_id", $"The offer id field must not be greater than {Offer.MaxPublicIdLength} characters.");

        bool? isReverse = Value("is_reverse")?.ToLowerInvariant() switch
        {
            null => null,
            "true" or "1" => true,
            "false" or "0" => false,
            _ => Invalid("is_reverse", "The is reverse field must be true or false."),
        };

        var perPage = ParseInt("per_page", "per page", Value("per_page"), MaxPerPage, 1, MaxPerPage);
        var page = ParseInt("page", "page", Value("page"), 1, 1, int.MaxValue);

        OfferKind? type = Value("type") switch
        {
            null => null,
            "offer" => OfferKind.Offer,
            "survey" => OfferKind.Survey,
            _ => InvalidKind(),
        };

        if (errors.Count > 0)
            return (null, errors);
        return (new ConversionQuery(from!.Value, to!.Value, userId, offerId, isReverse, perPage, page, type), errors);

        bool? Invalid(string field, string message) { Fail(field, message); return null; }
        OfferKind? InvalidKind() { Fail("type", "The selected type is invalid."); return null; }

        DateOnly? ParseDate(string field, string? text)
        {
            if (text is null) return null;
            var label = field.Replace('_', ' ');
            switch (EasternTime.ParseDay(text, out var day))
            {
                case EasternTime.DayError.Format: Fail(field, $"The {label} field must match the format Y-m-d."); return null;
                case EasternTime.DayError.Range: Fail(field, $"The {label} field must be a valid date."); return null;
                default: return day;
            }
        }

        int ParseInt(string field, string label, string? text, int fallback, int min, int max)
        {
            if (text is null) return fallback;
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            {
                // Digits only but too large for an int is still an out-of-range integer.
                var tooBig = text.TrimStart('-').All(char.IsAsciiDigit) && text.TrimStart('-').Length > 0;
                Fail(field, tooBig ? RangeMessage(label, min, max) : $"The {label} field must be an integer.");
                return fallback;
            }
            if (n < min || n > max)
                Fail(field, RangeMessage(label, min, max));
            return n;
        }

        static string RangeMessage(string label, int min, int max) => max == int.MaxValue
            ? $"The {label} field must be at least {min}."
            : $"The {label} field must be between {min} and {max}.";
    }

    /// <summary>Laravel's summary line: the first error, and how many more there are.</summary>
    public static string Summary(Dictionary<string, string[]> errors)
    {
        var first = errors.Values.First()[0];
        var more = errors.Values.Sum(v => v.Length) - 1;
        return more switch
        {
            0 => first,
            1 => $"{first} (and 1 more error)",
            _ => $"{first} (and {more} more errors)",
        };
    }
}
