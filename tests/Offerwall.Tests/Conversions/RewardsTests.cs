using System.Net;
using Offerwall.Conversions;
using Offerwall.Offers;
using Offerwall.Partners;
using Offerwall.Data;

namespace Offerwall.Tests.Conversions;

/// <summary>The arithmetic and the signature recipe, as pure functions.</summary>
public sealed class RewardsTests
{
    private static Partner PartnerWith(decimal ratio, decimal share) => new()
    {
        Name = "p", CurrencyName = "Coins", CurrencyRatio = ratio, RevenueShare = share, ServerKeyHash = "", ServerKeyHint = "", AppToken = "", PostbackSecret = "",
    };

    private static Goal GoalWith(decimal reward, decimal payout, GoalKind kind = GoalKind.Flat) =>
        new() { PublicId = "g", Name = "g", Reward = reward, Payout = payout, Kind = kind };

    [Theory]
    [InlineData("0.5", "1.5", "100", "0.7", "0.5", "50", "1.05")]
    [InlineData("0.333", "1.01", "3", "0.5", "0.333", "1", "0.51")]      // 0.999 → 1.00 coins; 0.505 → 0.51 USD
    [InlineData("0.125", "0.01", "1", "0.5", "0.125", "0.13", "0.01")]   // half-cent local rounds up; 0.005 payout → 0.01
    [InlineData("0", "2", "100", "1", "0", "0", "2")]
    public void FlatGoalPaysItsConfiguredAmounts(string reward, string payout, string ratio, string share, string eReward, string eLocal, string ePayout)
    {
        var amounts = Rewards.Compute(GoalWith(decimal.Parse(reward), decimal.Parse(payout)), PartnerWith(decimal.Parse(ratio), decimal.Parse(share)), 99m, []);
        Assert.Equal((decimal.Parse(eReward), decimal.Parse(eLocal), decimal.Parse(ePayout)), (amounts.Reward, amounts.RewardLocal, amounts.Payout));
        Assert.Equal(decimal.Parse(payout), amounts.AdvertiserPayout);   // a flat goal ignores a reported payout
    }

    [Theory]
    [InlineData("10", "3", "25", "7.5", "12.5")]
    [InlineData("10", "3", "0.05", "0.02", "0.03")]   // 0.015 → 0.02 reward; 0.025 → 0.03 payout
    [InlineData("0", "3", "25", "3", "12.5")]        // a goal without a nominal payout pays its flat reward
    public void DynamicGoalScalesWithTheReportedPayout(string goalPayout, string goalReward, string reported, string eReward, string ePayout)
    {
        var amounts = Rewards.Compute(GoalWith(decimal.Parse(goalReward), decimal.Parse(goalPayout), GoalKind.Dynamic), PartnerWith(100, 0.5m), decimal.Parse(reported), []);
        Assert.Equal((decimal.Parse(eReward), decimal.Parse(ePayout)), (amounts.Reward, amounts.Payout));
    }

    [Fact]
    public void TheBestRunningPromotionAppliesAndNeverToANonPayingGoal()
    {
        Promotion[] running = [new() { Id = 1, Multiplier = 1.5m }, new() { Id = 2, Multiplier = 1m, Bonus = 0.3m }, new() { Id = 3, Multiplier = 1m }];
        var promoted = Rewards.Compute(GoalWith(0.5m, 1m), PartnerWith(100, 0.5m), null, running);
        Assert.Equal((0.8m, 80m, 2L), (promoted.Reward, promoted.RewardLocal, promoted.PromotionId!.Value));
        var unpaid = Rewards.Compute(GoalWith(0m, 1m), PartnerWith(100, 0.5m), null, running);
        Assert.Equal((0m, (long?)null), (unpaid.Reward, unpaid.PromotionId));
    }

    [Fact]
    public void NoAmountOfAConversionMayBeMoreThanABillion()
    {
        var atMax = Rewards.Compute(GoalWith(1_000m, 1m), PartnerWith(1_000_000m, 1m), null, []);
        Assert.Equal(1_000_000_000m, atMax.RewardLocal);
        Assert.Null(atMax.TooLarge());
        var centMore = Rewards.Compute(GoalWith(1_000.01m, 1m), PartnerWith(1_000_000m, 1m), null, []);
        Assert.Equal("The conversion's user's reward in the partner's currency would be more than 1,000,000,000, the most one conversion may be worth.", centMore.TooLarge());
        // Every input at its bound: more micro-units than 64 bits hold, which is a refusal here, not an overflow on save.
        var richest = Rewards.Compute(GoalWith(100_000m, 100_000m), PartnerWith(1_000_000m, 1m), null, [new() { Id = 1, Multiplier = 100m, Bonus = 10_000m }]);
        Assert.Equal(10_010_000_000_000m, richest.RewardLocal);
        Assert.NotNull(richest.TooLarge());
    }

    [Fact]
    public void SignatureMatchesThePublishedWorkedExample()
    {
        // Computed independently (Python's hmac) from the recipe in docs/ledger.md.
        var canonical = AdvertiserSignature.Canonical(
            [new("tx_id", "Xy7_k2-abc"), new("goal_id", "tU5z8PU5BIR9_1"), new("event_id", "order 42/a"), new("payout", "12.50"), new("signature", "ignored")]);
        Assert.Equal("event_id=order%2042%2Fa&goal_id=tU5z8PU5BIR9_1&payout=12.50&tx_id=Xy7_k2-abc", canonical);
        Assert.Equal("d2f64a4931b8b4eff024165b5c63371efde1a6ff97785543ec11e1bb9be4406e", AdvertiserSignature.Sign("demo_advertiser_secret", canonical));
        Assert.True(AdvertiserSignature.Verify("demo_advertiser_secret", canonical, "D2F64A4931B8B4EFF024165B5C63371EFDE1A6FF97785543EC11E1BB9BE4406E"));
        Assert.False(AdvertiserSignature.Verify("other-secret", canonical, "d2f64a4931b8b4eff024165b5c63371efde1a6ff97785543ec11e1bb9be4406e"));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.0/24", true)]
    [InlineData("203.0.114.7", "203.0.113.0/24", false)]
    [InlineData("::ffff:198.51.100.9", "198.51.100.9", true)]
    [InlineData("2001:db8::1", "10.0.0.0/8, 2001:db8::/32", true)]
    [InlineData("10.0.0.1", "", false)]
    public void AllowlistMatchesAddressesAndRanges(string address, string list, bool allowed) =>
        Assert.Equal(allowed, AdvertiserSignature.IsAllowed(list, IPAddress.Parse(address)));
}
