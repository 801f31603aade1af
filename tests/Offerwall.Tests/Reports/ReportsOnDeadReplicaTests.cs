using System.Globalization;
using System.Text.Json.Nodes;
using Offerwall.Reports;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Reports;

/// <summary>A read replica that does not answer (a closed port): the reports and their CSVs are the primary's, 200, never a 500.</summary>
public sealed class ReportsOnDeadReplicaTests(DeadReplicaFixture app) : IClassFixture<DeadReplicaFixture>
{
    [Fact]
    public async Task ReportsFallBackToThePrimary()
    {
        var day = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
        var p = await TestPartner.CreateAsync(app);
        await p.ConvertAsync(day.AddHours(10), "u1");
        await p.ConvertAsync(app.UtcNow.AddMinutes(-10), "u2");
        var admin = new ReportParameters("day,offer", "2026-11-20", "2026-11-23", "UTC", PartnerId: p.Partner.Id.ToString(CultureInfo.InvariantCulture));
        var partner = new ReportParameters("day", "2026-11-20", "2026-11-23", "UTC");
        for (var i = 0; i < 2; i++)   // the first finds the replica down, the second finds it resting
        {
            var viaApi = await PrimaryReports.AdminApiAsync(app, admin);
            Assert.Equal(2, (long)JsonNode.Parse(viaApi.Json)!["totals"]!["approved"]!);
            Assert.Equal(await PrimaryReports.AdminOnPrimaryAsync(app, admin), viaApi);
            var partnerViaApi = await PrimaryReports.PartnerApiAsync(app, p, partner);
            Assert.Equal(2, (long)JsonNode.Parse(partnerViaApi.Json)!["totals"]!["approved"]!);
            Assert.Equal(await PrimaryReports.PartnerOnPrimaryAsync(app, p, partner), partnerViaApi);
        }
    }
}
