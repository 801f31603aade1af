using System.Globalization;
using Offerwall.Conversions;
using Offerwall.Offers;

namespace Offerwall.Tests.Conversions;

/// <summary>The pure parts of MMP intake: reading a postback by its profile, and the USD conversion's rounding.</summary>
public sealed class MmpEventTests
{
    private static MmpEvent Read(string profile, params (string Key, string Value)[] q) =>
        MmpEvent.Read(MmpProfile.Of(profile)!, q.ToDictionary(p => p.Key, p => p.Value)).Event!;

    [Theory]
    [InlineData("1.005", "1", "1.01")]                   // x.xx5 rounds up
    [InlineData("1.0049999", "1", "1.00")]
    [InlineData("0.01", "0.5", "0.01")]                  // 0.005: half a cent, up
    [InlineData("0.009", "0.5", "0.00")]                 // 0.0045: down
    [InlineData("149.99", "0.006712345678", "1.01")]     // 1.00679...
    [InlineData("0.000001", "1", "0.00")]                // tiny
    [InlineData("1000000000000", "0.0000001", "100000")] // large
    public void RevenueIsConvertedToWholeCentsHalfAwayFromZero(string amount, string rate, string usd) =>
        Assert.Equal(decimal.Parse(usd, CultureInfo.InvariantCulture),
            CurrencyRates.ToUsd(decimal.Parse(amount, CultureInfo.InvariantCulture), decimal.Parse(rate, CultureInfo.InvariantCulture)));

    [Fact]
    public void EachProfileTellsInstallsEventsAndRejections()
    {
        Assert.Equal(new[] { "install" }, Read("appsflyer", ("clickid", "t"), ("event_name", "")).Names);
        Assert.Equal(new[] { "af_level_10" }, Read("appsflyer", ("clickid", "t"), ("event_name", "af_level_10")).Names);
        Assert.Equal("bots/7", Read("appsflyer", ("clickid", "t"), ("reject_reason", "bots"), ("reject_reason_value", "7")).Rejection);
        Assert.Null(Read("appsflyer", ("clickid", "t"), ("is_rejected", "false")).Rejection);
        Assert.Equal(new[] { "tok123", "Level 10" }, Read("adjust", ("click_id", "t"), ("activity_kind", "event"), ("event_token", "tok123"), ("event_name", "Level 10")).Names);
        var rejected = Read("adjust", ("click_id", "t"), ("activity_kind", "rejected_install"));
        Assert.Equal(new[] { "install" }, rejected.Names);
        Assert.Equal("rejected_install", rejected.Rejection);
        Assert.Equal(new[] { "install" }, Read("kochava", ("click_id", "t"), ("event_name", "_install")).Names);
        Assert.Equal(new[] { "install" }, Read("branch", ("click_id", "t"), ("event", "INSTALL")).Names);
        var purchase = Read("generic", ("click_id", "t"), ("kind", "event"), ("event", "buy"), ("revenue", "12.50"), ("currency", "eur"), ("event_id", "o1"));
        Assert.Equal((12.50m, "EUR", "buy:o1"), (purchase.Revenue, purchase.Currency, purchase.EventId));
    }

    [Fact]
    public void ABadParameterIsNamed()
    {
        var profile = MmpProfile.Of("adjust")!;
        Assert.Equal("click_id (the click id) is required.", MmpEvent.Read(profile, new Dictionary<string, string>()).Error);
        Assert.Contains("revenue", MmpEvent.Read(profile, new Dictionary<string, string> { ["click_id"] = "t", ["activity_kind"] = "install", ["revenue"] = "-1" }).Error);
        Assert.Contains("event name", MmpEvent.Read(profile, new Dictionary<string, string> { ["click_id"] = "t", ["activity_kind"] = "event" }).Error);
    }
}
