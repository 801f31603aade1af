using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Web;
using Offerwall.Partners;

namespace Offerwall.PartnerApi;

/// <summary>GET /data/partner/me: the partner's own settings, never a key or a secret.</summary>
public sealed record PartnerSettings(string Name, string CurrencyName, decimal CurrencyRatio, decimal RevenueShare, bool SurveysEnabled,
    string? PostbackUrl, string PostbackFormat, bool StatefulPostbacks);

/// <summary>One Eastern day of the ledger. Payout and reward are net: conversions' amounts less reversals'.</summary>
public sealed record DaySummary(string Date, long Conversions, long Reversals, decimal Payout, decimal RewardLocalCurrency);

public sealed record SummaryTotals(long Conversions, long Reversals, decimal Payout, decimal RewardLocalCurrency);

public sealed record LedgerSummary(string FromDate, string ToDate, IReadOnlyList<DaySummary> Data, SummaryTotals Totals);

/// <summary>
/// The partner API calls behind the dashboard, beside the Data API and with its authentication and
/// error shapes. The summary adds up exactly the rows that GET /data/partner/conversions lists for
/// the same filters (same validation, same Eastern days), one line per day, so a chart drawn from
/// it has the Data API's totals.
/// </summary>
public static class DashboardApi
{
    /// <summary>Longest range of one summary: a year, leap day included.</summary>
    public const int MaxDays = 366;

    public static RouteGroupBuilder MapPartnerDashboardApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/data/partner").RequirePartnerKey().WithTags("Partner dashboard");
        group.MapGet("/me", (HttpContext http) => TypedResults.Ok(Settings(http.Partner())))
            .WithName("GetPartnerSettings")
            .WithSummary("The partner's name, currency and postback settings (no keys or secrets).")
            .WithDescription("What the dashboard shows as settings: the partner's name, currency and ratio, revenue share and postback settings.");
        group.MapGet("/summary", SummaryAsync)
            .WithName("SummarizeConversions")
            .WithSummary("Conversions, reversals, net payout and net reward per US Eastern day, with the Data API's filters (no paging).")
            .WithDescription($"One line per US Eastern day of from_date to_date (at most {MaxDays} days), adding up exactly the rows the Data API "
                             + "lists for the same filters. per_page and page are checked as the Data API checks them, and otherwise ignored.")
            .Produces<LaravelValidationError>(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static PartnerSettings Settings(Partner p) => new(p.Name, p.CurrencyName, p.CurrencyRatio, p.RevenueShare, p.SurveysEnabled,
        p.PostbackUrl, PartnerView.FormatName(p.PostbackFormat), p.StatefulPostbacks);

    public static async Task<Results<Ok<LedgerSummary>, ApiError>> SummaryAsync(
        [AsParameters] ConversionFilters filters, HttpContext http, ReadDatabase reads, TimeProvider clock, CancellationToken ct)
    {
        var (query, errors) = ConversionQuery.Parse(filters, EasternTime.Today(clock.GetUtcNow().UtcDateTime));
        if (query is not null && query.To.DayNumber - query.From.DayNumber + 1 > MaxDays)
            errors["to_date"] = [$"The date range must not be longer than {MaxDays} days."];
        if (query is null || errors.Count > 0)
            return ApiErrors.Invalid(errors);

        var hours = await HourSumsAsync(await reads.OpenAsync(ct), http.Partner().Id, query, ct);
        var days = new SortedDictionary<DateOnly, (long Conversions, long Reversals, long Payout, long Reward)>();
        for (var day = query.From; day <= query.To; day = day.AddDays(1)) days[day] = default;
        foreach (var h in hours)
        {
            // Eastern offsets are whole hours, so each UTC hour lies in exactly one Eastern day.
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(h.Hour, EasternTime.Zone));
            if (!days.TryGetValue(day, out var d)) continue;
            days[day] = h.Reverse
                ? (d.Conversions, d.Reversals + h.Count, d.Payout - h.Payout, d.Reward - h.RewardLocal)
                : (d.Conversions + h.Count, d.Reversals, d.Payout + h.Payout, d.Reward + h.RewardLocal);
        }
        var data = days.Select(d => new DaySummary(d.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Value.Conversions, d.Value.Reversals,
            Money.FromMicros(d.Value.Payout), Money.FromMicros(d.Value.Reward))).ToList();
        var totals = new SummaryTotals(days.Values.Sum(d => d.Conversions), days.Values.Sum(d => d.Reversals),
            Money.FromMicros(days.Values.Sum(d => d.Payout)), Money.FromMicros(days.Values.Sum(d => d.Reward)));
        return TypedResults.Ok(new LedgerSummary(data[0].Date, data[^1].Date, data, totals));
    }

    private sealed record HourRow(string Hour, bool Reverse, long Count, long Payout, long RewardLocal);

    private sealed record HourSum(DateTime Hour, bool Reverse, long Count, long Payout, long RewardLocal);

    /// <summary>
    /// The filtered ledger rows added up per UTC hour and direction, in the database: a year of a
    /// large partner is at most 8,784 hours, not millions of rows. Amounts are the stored micro-units.
    /// Hand-written per engine, as the hour of a timestamp is written differently in each; the
    /// columns are named in snake_case, as the model's naming convention expects of any result type.
    /// </summary>
    private static async Task<List<HourSum>> HourSumsAsync(OfferwallDb db, long partnerId, ConversionQuery query, CancellationToken ct)
    {
        var (fromUtc, toUtc) = EasternTime.Range(query.From, query.To);
        var parameters = new List<object> { partnerId, fromUtc, toUtc };
        var where = "partner_id = {0} AND occurred_at >= {1} AND occurred_at < {2}";
        string Param(object value)
        {
            parameters.Add(value);
            return "{" + (parameters.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
        }
        if (query.UserId is not null)
        {
            var userId = await PartnerUsers.IdAsync(db, partnerId, query.UserId, ct);
            where += " AND user_id = " + Param(userId ?? -1);
        }
        if (query.OfferId is not null) where += " AND offer_public_id = " + Param(query.OfferId);
        if (query.IsReverse is { } reverse) where += " AND reverse = " + Param(reverse);
        if (query.Type is { } kind) where += " AND kind = " + Param((int)kind);

        var sql = db.Database.IsNpgsql()
            ? $"""
               SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24') AS hour, reverse, count(*) AS count,
                      sum(payout)::bigint AS payout, sum(reward_local)::bigint AS reward_local
               FROM ledger WHERE {where}
               GROUP BY 1, 2
               """
            : $"""
               SELECT substr(occurred_at, 1, 13) AS hour, reverse, count(*) AS count,
                      sum(payout) AS payout, sum(reward_local) AS reward_local
               FROM ledger WHERE {where}
               GROUP BY 1, 2
               """;
        var rows = await db.Database.SqlQueryRaw<HourRow>(sql, [.. parameters]).ToListAsync(ct);
        return rows.ConvertAll(r => new HourSum(
            DateTime.SpecifyKind(DateTime.ParseExact(r.Hour, "yyyy-MM-dd HH", CultureInfo.InvariantCulture), DateTimeKind.Utc),
            r.Reverse, r.Count, r.Payout, r.RewardLocal));
    }
}
