using System.Net;
using System.Text.Json.Nodes;
using Offerwall.Tests.Infrastructure;
using Offerwall.Data;

namespace Offerwall.Tests.Web;

/// <summary>
/// One 7-day default (EasternTime.DefaultRange) on every route that takes from_date and to_date: the
/// Data API's, as seed 000 has it. The postback log used to answer 422 for a past to_date given alone.
/// </summary>
public abstract class DefaultRangeTests(AppFixture app)
{
    // The fake clock says 2026-11-23 15:00 UTC = 10:00 EST.
    private static readonly DateTime[] At =
    [
        new(2026, 11, 16, 4, 59, 59, DateTimeKind.Utc), // 11-15 23:59:59 EST
        new(2026, 11, 16, 5, 0, 0, DateTimeKind.Utc),   // 11-16 00:00:00 EST
        new(2026, 11, 23, 4, 59, 59, DateTimeKind.Utc), // 11-22 23:59:59 EST
        new(2026, 11, 23, 5, 0, 0, DateTimeKind.Utc),   // 11-23 00:00:00 EST
    ];

    [Theory]
    [InlineData("?to_date=2026-11-22", new[] { 1, 2 })]             // the 7 days ending on to_date
    [InlineData("?to_date=2026-11-15", new[] { 0 })]                // the log answered 422 here: from today - 6 after to_date
    [InlineData("", new[] { 2, 3 })]                                // the 7 days ending today (11-17..11-23)
    [InlineData("?from_date=2026-11-16", new[] { 1, 2, 3 })]        // from from_date to today
    [InlineData("?from_date=2026-11-15&to_date=2026-11-22", new[] { 0, 1, 2 })]
    public async Task TheDataApiAndThePostbackLogMeanTheSameDays(string query, int[] expected)
    {
        var p = await TestPartner.CreateAsync(app);
        var ids = new List<long>();
        foreach (var at in At) ids.Add(await p.ConvertAsync(at));
        // A delivery of each conversion, created when its ledger row was; dead, so no worker picks it up.
        await app.WithDb(async db =>
        {
            for (var i = 0; i < At.Length; i++)
                db.PostbackDeliveries.Add(new PostbackDelivery
                {
                    PartnerId = p.Partner.Id, ConversionId = ids[i], Event = "approved", Status = DeliveryStatus.Dead, CreatedAt = At[i], NextAttemptAt = At[i],
                });
            return await db.SaveChangesAsync();
        });
        var want = expected.Select(i => ids[i]).ToArray();

        var data = await p.ConversionsAsync(query);
        Assert.Equal(HttpStatusCode.OK, data.StatusCode);
        Assert.Equal(want, await IdsAsync(data));

        var log = await p.GetAsync("/data/partner/postbacks" + query);
        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        Assert.Equal(want, (await IdsAsync(log)).Order().ToArray());   // the log is newest first
    }

    private static async Task<long[]> IdsAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsArray().Select(r => (long)r!["transaction_id"]!).ToArray();
}
