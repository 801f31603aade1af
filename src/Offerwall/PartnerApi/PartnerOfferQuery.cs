using System.Globalization;
using Microsoft.Extensions.Primitives;
using Offerwall.Data;
using Offerwall.Offers;
using Offerwall.Web;

namespace Offerwall.PartnerApi;

/// <summary>
/// The offer catalog's filters, after validation. <see cref="Status"/> null: every status; <see cref="Country"/> upper case;
/// <see cref="Platform"/> android, ios or web.
/// </summary>
public sealed record PartnerOfferQuery(string? Status, string? Country, string? Platform, OfferKind? Type, int PerPage, int Page)
{
    public const int DefaultPerPage = 100;

    /// <summary>An offer row holds its goals, targeting and promotions: ten times a conversion row, so pages are smaller than the Data API's.</summary>
    public const int MaxPerPage = 500;

    /// <summary>
    /// Reads and validates the query string in Laravel's rules and messages, as the Data API does: empty values count as absent, a
    /// repeated parameter counts by its last value, unknown parameters are ignored. Returns the query, or every bad field's error.
    /// </summary>
    public static (PartnerOfferQuery? Query, Dictionary<string, string[]> Errors) Parse(PartnerOfferFilters q)
    {
        var errors = new Dictionary<string, string[]>();
        static string? Last(StringValues? v) => v is { Count: > 0 } values && !string.IsNullOrEmpty(values[^1]) ? values[^1] : null;
        void Fail(string field, string message) => errors[field] = [message];

        string? status = Last(q.Status) switch
        {
            null => OfferStates.Active,
            "all" => null,
            OfferStates.Active or OfferStates.Capped or OfferStates.Scheduled or OfferStates.Paused => Last(q.Status),
            _ => Invalid("status"),
        };

        var country = Last(q.Country);
        if (country is not null)
        {
            if (country.Length != 2) Fail("country", "The country field must be 2 characters.");
            else if (!country.All(char.IsAsciiLetter)) Fail("country", "The country field must only contain letters.");
            country = country.ToUpperInvariant();
        }

        string? platform = Last(q.Platform) switch
        {
            null => null,
            Device.Android or Device.Ios or Device.Web => Last(q.Platform),
            _ => Invalid("platform"),
        };

        OfferKind? type = Last(q.Type) switch
        {
            null => null,
            "offer" => OfferKind.Offer,
            "survey" => OfferKind.Survey,
            _ => InvalidKind(),
        };

        var perPage = LaravelInteger.Parse(errors, "per_page", "per page", Last(q.PerPage), DefaultPerPage, 1, MaxPerPage);
        var page = LaravelInteger.Parse(errors, "page", "page", Last(q.Page), 1, 1, int.MaxValue);

        if (errors.Count > 0)
            return (null, errors);
        return (new PartnerOfferQuery(status, country, platform, type, perPage, page), errors);

        string? Invalid(string field) { Fail(field, $"The selected {field} is invalid."); return null; }
        OfferKind? InvalidKind() { Fail("type", "The selected type is invalid."); return null; }
    }
}
