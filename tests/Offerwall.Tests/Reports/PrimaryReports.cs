using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Offerwall.Admin;
using Offerwall.PartnerApi;
using Offerwall.Reports;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Reports;

/// <summary>
/// A report as the API answers it (GET, JSON and CSV) and as the primary answers it: run in the test's process on the primary's
/// own context, the CLI's way, and written with the API's JSON options and CSV columns, so the two can be compared text for text.
/// </summary>
public static class PrimaryReports
{
    public sealed record Answer(string Json, string Csv);

    /// <summary>The query string of <paramref name="p"/> (the values the test chose, nothing to escape).</summary>
    public static string Query(ReportParameters p) => string.Join('&', new[]
        {
            ("group_by", p.GroupBy), ("from_date", p.FromDate), ("to_date", p.ToDate), ("time_zone", p.TimeZone), ("partner_id", p.PartnerId),
            ("offer_id", p.OfferId),
        }.Where(v => v.Item2 is not null).Select(v => $"{v.Item1}={v.Item2}"));

    /// <summary>GET /admin/reports and its CSV through the server (200 both).</summary>
    public static async Task<Answer> AdminApiAsync(AppFixture app, ReportParameters p) =>
        new(await GetAsync(app, "/admin/reports?" + Query(p), AppFixture.AdminToken), await GetAsync(app, "/admin/reports/export.csv?" + Query(p), AppFixture.AdminToken));

    /// <summary>GET /data/partner/reports and its CSV through the server (200 both).</summary>
    public static async Task<Answer> PartnerApiAsync(AppFixture app, TestPartner partner, ReportParameters p) =>
        new(await GetAsync(app, "/data/partner/reports?" + Query(p), partner.Key), await GetAsync(app, "/data/partner/reports/export.csv?" + Query(p), partner.Key));

    /// <summary>The operator's report run on the primary.</summary>
    public static async Task<Answer> AdminOnPrimaryAsync(AppFixture app, ReportParameters p)
    {
        var now = app.UtcNow;
        var (request, errors) = ReportsAdminApi.Parse(p, now);
        Assert.Empty(errors);
        var (result, refused) = await app.WithDb(db => ReportsAdminApi.RunAsync(db, request!, now, default));
        Assert.Empty(refused);
        return new(JsonSerializer.Serialize(AdminReport.From(result!), Options(app)), await CsvAsync(result!, ReportsAdminApi.Columns));
    }

    /// <summary>The partner's report run on the primary.</summary>
    public static async Task<Answer> PartnerOnPrimaryAsync(AppFixture app, TestPartner partner, ReportParameters p)
    {
        var now = app.UtcNow;
        var (request, errors) = ReportRequest.Parse(p, PartnerReportsApi.Groupings, PartnerReportsApi.DefaultZone, now);
        Assert.Empty(errors);
        var (result, refused) = await app.WithDb(db =>
            Report.RunAsync(db, request! with { PartnerId = partner.Partner.Id }, now, unknownIsError: false, default));
        Assert.Empty(refused);
        return new(JsonSerializer.Serialize(PartnerReport.From(result!, partner.Partner.CurrencyName), Options(app)),
            await CsvAsync(result!, PartnerReportsApi.Columns));
    }

    private static JsonSerializerOptions Options(AppFixture app) =>
        app.App.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    private static async Task<string> CsvAsync(ReportResult result, IReadOnlyList<ReportCsv.Column> columns)
    {
        var csv = new StringWriter();
        await ReportCsv.WriteAsync(result, columns, csv);
        return csv.ToString();
    }

    private static async Task<string> GetAsync(AppFixture app, string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return text;
    }
}
