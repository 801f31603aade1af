using Offerwall.Web;

namespace Offerwall.Tests.Web;

/// <summary>A start's sub_id and tags, checked by BitLabs' rules for tags.</summary>
public sealed class ClickLabelsTests
{
    [Theory]
    [InlineData(null, null, "", "")]
    [InlineData("  ", "  ", "", "")]
    [InlineData(" Campaign 7 ", "A=1", "Campaign 7", "a=1")]
    [InlineData(null, "x=1&y=&x=2", "", "x=2&y=")]
    [InlineData(null, "Key_1= Hello World &k2=%C3%A9t%C3%A9", "", "key_1=hello%20world&k2=%C3%A9t%C3%A9")]
    [InlineData(null, "a=1+2&&b=c%3Dd", "", "a=1%202&b=c%3Dd")]
    public void GoodLabelsAreKeptCanonically(string? subId, string? tags, string expectedSubId, string expectedTags)
    {
        Assert.True(ClickLabels.TryParse(subId, tags, out var labels, out var error), error);
        Assert.Equal(new ClickLabels(expectedSubId, expectedTags), labels);
    }

    [Theory]
    [InlineData("x\u0001", null, "sub_id")]
    [InlineData(null, "novalue", "key=value")]
    [InlineData(null, "=1", "key")]
    [InlineData(null, "a-b=1", "key")]
    [InlineData(null, "a=%ZZ", "URL-encoded")]
    [InlineData(null, "a=x%0Ay", "value")]
    [InlineData(null, "a=%C3", "URL-encoded")]
    [InlineData(null, "k1=1&k2=2&k3=3&k4=4&k5=5&k6=6&k7=7&k8=8&k9=9&k10=10&k11=11", "at most 10")]
    public void BadLabelsNameTheirFault(string? subId, string? tags, string fault)
    {
        Assert.False(ClickLabels.TryParse(subId, tags, out var labels, out var error));
        Assert.Equal(ClickLabels.None, labels);
        Assert.Contains(fault, error, StringComparison.Ordinal);
    }

    [Fact]
    public void LimitsAreFiftyCharactersAndTenPairs()
    {
        Assert.True(ClickLabels.TryParse(new string('s', 50), string.Join('&', Enumerable.Range(1, 10).Select(i => $"k{i}={new string('v', 50)}")), out _, out _));
        Assert.False(ClickLabels.TryParse(new string('s', 51), null, out _, out _));
        Assert.False(ClickLabels.TryParse(null, new string('k', 51) + "=1", out _, out _));
        Assert.False(ClickLabels.TryParse(null, "k=" + new string('v', 51), out _, out _));
    }
}
