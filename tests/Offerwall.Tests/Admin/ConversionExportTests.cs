using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Offerwall.Conversions;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

/// <summary>
/// <c>GET /admin/conversions/export.csv</c> over real HTTP: the Data API's columns first, then the
/// partner, the advertiser's payout and the margin, which add up exactly to the ledger's sums.
/// </summary>
public abstract class ConversionExportTests(AppFixture app)
{
    private static readonly string[] NewColumns = ["partner_id", "advertiser_payout", "margin"];

    private async Task<string[]> ExportAsync(long partnerId, string from, string to)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/conversions/export.csv?partner_id={partnerId}&from_date={from}&to_date={to}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync()).Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
    }

    private static decimal Dec(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    [Fact]
    public void TheNewColumnsComeLastAndTheOldOnesStayWhereTheyWere()
    {
        var header = ConversionAdmin.CsvHeader.Split(',');
        Assert.Equal(NewColumns, header[^3..]);
        Assert.Equal("transaction_id,reverse,user_id,offer_id,offer_name,goal_id,note,reward,reward_local_currency,payout,type,survey_id,"
            + "date_time_utc,date_time_eastern", string.Join(',', header[..^3]));
    }

    [Fact]
    public async Task EveryRowGivesItsPartnerTheAdvertisersPayoutAndTheMarginAndAReversalIsSubtracted()
    {
        var p = await TestPartner.CreateAsync(app);
        var other = await TestPartner.CreateAsync(app);
        var day = new DateTime(2026, 10, 14, 15, 0, 0, DateTimeKind.Utc);
        // Payouts with six decimals, so a float anywhere would show; TestPartner's advertiser pays twice the partner's payout.
        var payouts = new[] { 0.333333m, 1.1m, 0.000001m, 12.345678m, 0.55m };
        var ids = new List<long>();
        for (var i = 0; i < payouts.Length; i++) ids.Add(await p.ConvertAsync(day.AddMinutes(i), $"user-{i}", payout: payouts[i]));
        await p.ReverseAsync(ids[3], day.AddHours(2));
        await other.ConvertAsync(day, payout: 7m);

        var lines = await ExportAsync(p.Partner.Id, "2026-10-14", "2026-10-14");
        Assert.Equal(ConversionAdmin.CsvHeader, lines[0]);
        var rows = lines[1..].Select(l => l.Split(',')).ToList();
        Assert.Equal(payouts.Length + 1, rows.Count);
        foreach (var r in rows)
        {
            Assert.Equal(17, r.Length);
            Assert.Equal(p.Partner.Id.ToString(CultureInfo.InvariantCulture), r[14]);
            var payout = Dec(r[9]);
            Assert.True(payout > 0);
            Assert.Equal(payout * 2, Dec(r[15]));
            Assert.Equal(Dec(r[15]) - payout, Dec(r[16]));
        }
        var reversal = Assert.Single(rows, r => r[1] == "1");
        Assert.Equal(ids[3].ToString(CultureInfo.InvariantCulture), reversal[0]);
        Assert.Equal(24.691356m, Dec(reversal[15]));
        Assert.Equal(12.345678m, Dec(reversal[16]));

        decimal Signed(string[] r, int column) => r[1] == "1" ? -Dec(r[column]) : Dec(r[column]);
        var margin = rows.Sum(r => Signed(r, 16));
        var expected = await app.WithDb(async db =>
        {
            var ledger = await (from l in db.Ledger
                                join c in db.Conversions on l.TransactionId equals c.Id
                                where l.PartnerId == p.Partner.Id
                                select new { l.Reverse, l.Payout, c.AdvertiserPayout }).ToListAsync();
            return ledger.Sum(l => (l.Reverse ? -1 : 1) * (l.AdvertiserPayout - l.Payout));
        });
        Assert.Equal(expected, margin);
        Assert.Equal(0.333333m + 1.1m + 0.000001m + 0.55m, margin);
        Assert.Equal(rows.Sum(r => Signed(r, 15)) - rows.Sum(r => Signed(r, 9)), margin);
    }
}
