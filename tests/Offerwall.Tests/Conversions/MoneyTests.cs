using Offerwall.Conversions;
using Offerwall.Data;
using Offerwall.Offers;

namespace Offerwall.Tests.Conversions;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("11.05", 11_050_000L)]
    [InlineData("0", 0L)]
    [InlineData("-3.25", -3_250_000L)]
    [InlineData("0.000001", 1L)]
    [InlineData("92233720368.547758", 92_233_720_368_547_758L)]
    [InlineData("9223372036854.775807", long.MaxValue)]
    [InlineData("-9223372036854.775808", long.MinValue)]
    public void AmountsRoundTripThroughMicrosExactly(string amount, long micros)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(micros, Money.ToMicros(value));
        Assert.Equal(value, Money.FromMicros(micros));
    }

    [Theory]
    [InlineData(11_050_000L, "11.05")]
    [InlineData(40_000_000L, "40")]
    [InlineData(0L, "0")]
    [InlineData(1L, "0.000001")]
    [InlineData(-40_000_000L, "-40")]
    [InlineData(-1_500_000L, "-1.5")]
    [InlineData(120_000L, "0.12")]
    public void AmountsReadBackWithoutTrailingZeros(long micros, string shown) =>
        Assert.Equal(shown, Money.FromMicros(micros).ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("0.005", "100", "0.5")]
    [InlineData("0.125", "1", "0.13")]   // half a cent rounds away from zero
    [InlineData("0.135", "1", "0.14")]
    [InlineData("1.2345", "10", "12.35")]
    [InlineData("0.33", "3", "0.99")]
    public void LocalRewardIsRewardTimesRatioToTheCent(string reward, string ratio, string expected) =>
        Assert.Equal(decimal.Parse(expected), Rewards.Local(decimal.Parse(reward), decimal.Parse(ratio)));

    [Theory]
    [InlineData("1.01", "0.5", "0.51")]  // 0.505 → 0.51
    [InlineData("2.5", "0.7", "1.75")]
    [InlineData("0.01", "0.5", "0.01")]  // 0.005 → 0.01
    public void PartnerPayoutIsTheShareToTheCent(string payout, string share, string expected) =>
        Assert.Equal(decimal.Parse(expected), Rewards.PartnerPayout(decimal.Parse(payout), decimal.Parse(share)));
}
