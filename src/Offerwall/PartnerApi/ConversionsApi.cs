using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Offerwall.Web;
using Offerwall.Data;
using Offerwall.Partners;

namespace Offerwall.PartnerApi;

/// <summary>One row of the Conversion Data API, keys and order as the published API.</summary>
public sealed record ConversionRow(
    string UserId, long TransactionId, decimal Reward, decimal Payout, string OfferId, string OfferName, string Note,
    string DateTime, decimal RewardLocalCurrency, string GoalId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Reverse,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SurveyId);

public sealed record ConversionPage(IReadOnlyList<ConversionRow> Data, PageLinks Links, PageMeta Meta);

/// <summary>GET /data/partner/conversions: the partner's paid ledger rows (seed 000).</summary>
public static class ConversionsApi
{
    public const string Path = "/data/partner/conversions";

    public static RouteGroupBuilder MapPartnerApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/data/partner").RequirePartnerKey().WithTags("Partner Conversion Data API");
        group.MapGet("/conversions", ListAsync)
            .WithName("ListConversions")
            .WithSummary("The partner's approved conversions and reversals, oldest first, Laravel-paginated.")
            .WithDescription("The Conversion Data API (seed 000): the ledger rows that pay, in the US Eastern days from_date to_date "
                             + "(default: the last 7), oldest first, filtered by user, offer, direction and kind of offer. "
                             + "Bad parameters answer 422 with Laravel's messages, every bad field named.")
            .Produces<LaravelValidationError>(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<Results<ConversionPageResult, ApiError>> ListAsync(
        [AsParameters] ConversionFilters filters, HttpContext http, ReadDatabase reads, LedgerCounts ledgerCounts, TimeProvider clock, IOptions<PublicUrlOptions> urls,
        CancellationToken ct)
    {
        var partner = http.Partner();
        var (query, errors) = ConversionQuery.Parse(filters, EasternTime.Today(clock.GetUtcNow().UtcDateTime));
        if (query is null)
            return ApiErrors.Invalid(errors);

        // The replica when one is configured and answers (else the primary); hour counts are stored on the primary only.
        var db = await reads.OpenAsync(ct);
        var (fromUtc, toUtc) = EasternTime.Range(query.From, query.To);
        var offset = (long)(query.Page - 1) * query.PerPage;
        IQueryable<LedgerEntry> rows;
        long total;
        if (query.UserId is null && query.OfferId is null)
        {
            // The common case, at any depth: hour counts give the total and the hour the page starts in.
            var counts = await ledgerCounts.GetAsync(reads.Primary, db, partner.Id, fromUtc, toUtc, ct);
            var (hour, skip, hourTotal) = LedgerCounts.Locate(counts, query.IsReverse, query.Type, offset);
            total = hourTotal;
            // The page's hour replaces the range's start (one lower bound: SQLite would range its index on only one of two).
            rows = await Filter(db, partner, query, hour ?? fromUtc, toUtc, ct);
            if (hour is null) rows = rows.Where(l => false);
            offset = skip;
        }
        else
        {
            // One user's or one offer's rows: few enough to count and skip directly, on their own index.
            rows = await Filter(db, partner, query, fromUtc, toUtc, ct);
            total = await rows.LongCountAsync(ct);
            if (offset >= total) rows = rows.Where(l => false);
        }
        var page = rows
            .OrderBy(l => l.OccurredAt).ThenBy(l => l.TransactionId).ThenBy(l => l.Reverse)
            .Skip((int)Math.Min(offset, int.MaxValue)).Take(query.PerPage);

        var path = EndpointUrl(http, urls.Value);
        var other = LaravelPage.OtherQuery(http.Request.QueryString.Value);
        OfferwallMetrics.DataApiPage();
        return new ConversionPageResult(db, page, partner.SurveysEnabled, count => LaravelPage.Build(total, query.PerPage, query.Page, count, path, other));
    }

    private static async Task<IQueryable<LedgerEntry>> Filter(OfferwallDb db, Partner partner, ConversionQuery query, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var rows = db.Ledger.AsNoTracking().Where(l => l.PartnerId == partner.Id && l.OccurredAt >= fromUtc && l.OccurredAt < toUtc);
        if (query.UserId is not null)
        {
            var userId = await PartnerUsers.IdAsync(db, partner.Id, query.UserId, ct);
            var id = userId ?? -1;
            rows = rows.Where(l => l.UserId == id);
        }
        if (query.OfferId is not null)
            rows = rows.Where(l => l.OfferPublicId == query.OfferId);
        if (query.IsReverse is { } reverse)
            rows = rows.Where(l => l.Reverse == reverse);
        if (query.Type is { } kind)
            rows = rows.Where(l => l.Kind == kind);
        return rows;
    }

    /// <summary>Scheme, host and path of this endpoint as partners reach it.</summary>
    private static string EndpointUrl(HttpContext http, PublicUrlOptions urls) =>
        urls.BaseUrl(http.Request) + Path;
}
