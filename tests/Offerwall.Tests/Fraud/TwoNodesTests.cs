using System.Net;
using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Offers;

namespace Offerwall.Tests.Fraud;

/// <summary>
/// Two server nodes on one database count the same: conversions alternating between them (one after the other; simultaneous ones may
/// both pass, docs/fraud.md) stop at the limit whichever node takes them. A setting changed on one node applies on the other within
/// Fraud:Refresh (5 s of the fake clock), and at once on the node that took it.
/// </summary>
public abstract class TwoNodesTests(AppFixture app, ITwoNodes nodes)
{
    /// <summary>After a change on one node: the other reads the settings again once Fraud:Refresh has passed.</summary>
    private void PastRefresh() => app.Clock.Advance(TimeSpan.FromSeconds(6));

    [Fact]
    public async Task AUsersConversionsAlternatingBetweenNodesStopAtTheLimit()
    {
        var second = await nodes.SecondAsync();
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("user_conversions_per_hour", "reject", 2);
        PastRefresh();
        var offer = await rig.OfferAsync(goals: 6);
        var tx = await rig.StartAsync(offer, "roamer");
        var statuses = new List<string>();
        for (var goal = 0; goal < 6; goal++)
            statuses.Add((await rig.ConvertOnAsync(goal % 2 == 0 ? app.Client : second.Client, tx, offer, $"{goal}")).Status);
        Assert.Equal(["approved", "approved", "cancelled", "cancelled", "cancelled", "cancelled"], statuses);
        Assert.Equal(2, (await rig.LedgerAsync()).Length);
    }

    [Fact]
    public async Task AnAddressesConversionsReportedToEitherNodeStopAtTheLimit()
    {
        var second = await nodes.SecondAsync();
        app.Clock.Advance(TimeSpan.FromHours(25));   // past the other tests' conversions from 127.0.0.1
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("address_conversions_per_hour", "hold", 3);
        PastRefresh();
        var offer = await rig.OfferAsync();
        var statuses = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var tx = await rig.StartAsync(offer, $"nat-{i}");
            statuses.Add((await rig.ConvertOnAsync(i % 2 == 0 ? second.Client : app.Client, tx, offer)).Status);
        }
        Assert.Equal(["approved", "approved", "approved", "pending", "pending", "pending"], statuses);
    }

    [Fact]
    public async Task ASettingChangedOnOneNodeAppliesOnTheOtherWithinTheRefresh()
    {
        var second = await nodes.SecondAsync();
        var rig = await Rig.CreateAsync(app);
        var offer = await rig.OfferAsync(goals: 3);
        var tx = await rig.StartAsync(offer, "refreshed");
        await rig.SetAsync("min_seconds_to_convert", "hold", 60);
        PastRefresh();
        // Both nodes read the settings now.
        Assert.Equal("pending", (await rig.ConvertOnAsync(app.Client, tx, offer, "0")).Status);
        Assert.Equal("pending", (await rig.ConvertOnAsync(second.Client, tx, offer, "1")).Status);
        // The operator turns the rule off through the second node: it applies there at once, on the first after the refresh.
        var (status, _) = await rig.PutRuleAsync("min_seconds_to_convert", new { partner_id = rig.PartnerId, outcome = "off" }, second.Client);
        Assert.Equal(HttpStatusCode.OK, status);
        var offer2 = await rig.OfferAsync(goals: 2);
        var tx2 = await rig.StartAsync(offer2, "refreshed");
        Assert.Equal("approved", (await rig.ConvertOnAsync(second.Client, tx2, offer2, "0")).Status);
        Assert.Equal("pending", (await rig.ConvertOnAsync(app.Client, tx, offer, "2")).Status);
        PastRefresh();
        Assert.Equal("approved", (await rig.ConvertOnAsync(app.Client, tx2, offer2, "1")).Status);
    }
}
