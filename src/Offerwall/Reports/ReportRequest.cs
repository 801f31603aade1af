using System.Globalization;
using Offerwall.Web;

namespace Offerwall.Reports;

/// <summary>
/// A report's query, checked: the days from..to (both included) in <see cref="Zone"/>, the grouping, and the
/// filters as sent (offer and goal by their public ids, resolved by <see cref="Report"/>).
/// </summary>
public sealed record ReportRequest(DateOnly From, DateOnly To, TimeZoneInfo Zone, IReadOnlyList<ReportDimension> GroupBy,
    long? PartnerId, long? AdvertiserId, string? OfferId, string? GoalId, string? Country, string? Platform)
{
    /// <summary>Longest range of one report: a year, leap day included.</summary>
    public const int MaxDays = 366;

    public const int MaxTimeZoneLength = 64;

    /// <summary>
    /// Reads and checks a report's query; <paramref name="allowed"/> are the groupings this API offers. Every bad
    /// parameter is named in the errors, by its field. Dates default to the last 7 days of the zone.
    /// </summary>
    public static (ReportRequest? Request, Dictionary<string, string[]> Errors) Parse(
        ReportParameters p, IReadOnlyCollection<ReportDimension> allowed, string defaultZone, DateTime utcNow)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        var groupBy = new List<ReportDimension>();
        foreach (var part in (Blank(p.GroupBy) ?? "day").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (Enum.TryParse<ReportDimension>(part, ignoreCase: true, out var d) && allowed.Contains(d) && part.All(char.IsAsciiLetter))
            {
                if (!groupBy.Contains(d)) groupBy.Add(d);
            }
            else
            {
                Fail("group_by", "The group by field must list some of: " + string.Join(", ", allowed.Select(Name)) + ".");
                break;
            }
        }
        if (groupBy.Contains(ReportDimension.Day) && groupBy.Contains(ReportDimension.Hour))
            Fail("group_by", "The group by field may hold day or hour, not both.");

        var zoneName = Blank(p.TimeZone) ?? defaultZone;
        TimeZoneInfo? zone = null;
        if (zoneName.Length > MaxTimeZoneLength || !zoneName.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+')
            || !TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out zone))
            Fail("time_zone", "The time zone field must be a time zone name such as UTC, Europe/Berlin or America/New_York.");

        var from = Day("from_date", p.FromDate);
        var to = Day("to_date", p.ToDate);
        if (zone is not null && !errors.ContainsKey("from_date") && !errors.ContainsKey("to_date"))
        {
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utcNow, zone));
            (from, to) = EasternTime.DefaultRange(from, to, today);
            if (from > to) Fail("from_date", "The from date field must be a date before or equal to to date.");
            else if (to!.Value.DayNumber - from!.Value.DayNumber + 1 > MaxDays) Fail("to_date", $"The date range must not be longer than {MaxDays} days.");
        }

        var partnerId = Id("partner_id", p.PartnerId);
        var advertiserId = Id("advertiser_id", p.AdvertiserId);
        var offerId = Text("offer_id", p.OfferId, Data.Offer.MaxPublicIdLength);
        var goalId = Text("goal_id", p.GoalId, 100);
        var country = Blank(p.Country)?.ToUpperInvariant();
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
            Fail("country", "The country field must be a two-letter country code.");
        var platform = Blank(p.Platform) is { } platformText ? Device.PlatformOf(platformText) : null;
        if (Blank(p.Platform) is not null && platform is null)
            Fail("platform", "The platform field must be android, ios or web.");

        return errors.Count > 0
            ? (null, errors)
            : (new ReportRequest(from!.Value, to!.Value, zone!, groupBy, partnerId, advertiserId, offerId, goalId, country, platform), errors);

        DateOnly? Day(string field, string? text)
        {
            if (Blank(text) is not { } value) return null;
            switch (EasternTime.ParseDay(value, out var day))
            {
                case EasternTime.DayError.None: return day;
                case EasternTime.DayError.Format: Fail(field, $"The {field.Replace('_', ' ')} field must match the format Y-m-d."); return null;
                default: Fail(field, $"The {field.Replace('_', ' ')} field must be a valid date."); return null;
            }
        }

        long? Id(string field, string? text)
        {
            if (Blank(text) is not { } value) return null;
            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) return id;
            Fail(field, $"The {field.Replace('_', ' ')} field must be a positive whole number.");
            return null;
        }

        string? Text(string field, string? text, int max)
        {
            if (Blank(text) is not { } value) return null;
            if (value.Length <= max && !value.Any(char.IsControl)) return value;
            Fail(field, $"The {field.Replace('_', ' ')} field must be at most {max} characters, with no control characters.");
            return null;
        }
    }

    public static string Name(ReportDimension d) => d.ToString().ToLowerInvariant();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
