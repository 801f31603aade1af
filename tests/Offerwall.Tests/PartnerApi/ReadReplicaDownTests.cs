using System.Net;
using System.Text.Json.Nodes;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.PartnerApi;

/// <summary>A read replica that does not answer (a closed port): the Data API and the dashboard read from the primary, never a 500.</summary>
public sealed class ReadReplicaDownTests(DeadReplicaFixture app) : IClassFixture<DeadReplicaFixture>
{
    [Fact]
    public async Task ReadsFallBackToThePrimary()
    {
        var p = await TestPartner.CreateAsync(app);
        var t1 = await p.ConvertAsync(new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc));
        for (var i = 0; i < 2; i++)   // the first finds the replica down, the second finds it resting
        {
            var response = await p.ConversionsAsync("?from_date=2026-11-20&to_date=2026-11-23");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal([t1], body["data"]!.AsArray().Select(r => (long)r!["transaction_id"]!).ToArray());
            var summary = await p.GetAsync("/data/partner/summary?from_date=2026-11-20&to_date=2026-11-23");
            Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
            Assert.Equal(1, (long)JsonNode.Parse(await summary.Content.ReadAsStringAsync())!["totals"]!["conversions"]!);
        }
    }
}
