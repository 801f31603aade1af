using System.Globalization;
using Microsoft.Extensions.Primitives;
using Offerwall.Web;
using Offerwall.Data;

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
    public static (ConversionQuery? Query, Dictionary<string, string[]> Errors) Parse(ConversionFilters q, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        static string? Last(StringValues? v) => v is { Count: > 0 } values && !string.IsNullOrEmpty(values[^1]) ? values[^1] : null;
        void Fail(string field, string message) => errors[field] = [message];

        DateOnly? from = ParseDate("from_date", Last(q.FromDate));
        DateOnly? to = ParseDate("to_date", Last(q.ToDate));
        if (!errors.ContainsKey("from_date") && !errors.ContainsKey("to_date"))
        {
            (from, to) = EasternTime.DefaultRange(from, to, today);
            if (from > to)
                Fail("from_date", "The from date field must be a date before or equal to to date.");
        }

        // No user id or offer id holds a control character (the client API and the import refuse them),
        // and PostgreSQL cannot take a NUL in a query: U+0001 stands in for it and still matches nothing.
        var userId = Last(q.UserId)?.Replace('\0', '\u0001');
        if (userId is not null && userId.Length > User.MaxIdLength)
            Fail("user_id", $"The user id field must not be greater than {User.MaxIdLength} characters.");

        var offerId = Last(q.OfferId)?.Replace('\0', '\u0001');
        if (offerId is not null && offerId.Length > Offer.MaxPublicIdLength)
            Fail("offer_id", $"The offer id field must not be greater than {Offer.MaxPublicIdLength} characters.");

        bool? isReverse = Last(q.IsReverse)?.ToLowerInvariant() switch
        {
            null => null,
            "true" or "1" => true,
            "false" or "0" => false,
            _ => Invalid("is_reverse", "The is reverse field must be true or false."),
        };

        var perPage = LaravelInteger.Parse(errors, "per_page", "per page", Last(q.PerPage), MaxPerPage, 1, MaxPerPage);
        var page = LaravelInteger.Parse(errors, "page", "page", Last(q.Page), 1, 1, int.MaxValue);

        OfferKind? type = Last(q.Type) switch
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
    }
}
