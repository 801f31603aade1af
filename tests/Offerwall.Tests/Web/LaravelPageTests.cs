using Offerwall.Web;

namespace Offerwall.Tests.Web;

/// <summary>The paginator's arithmetic and link window, against Laravel's rules (REFERENCE.md).</summary>
public sealed class LaravelPageTests
{
    private static string Labels(int current, int last) =>
        string.Join(" ", LaravelPage.Window(current, last).Select(p => p?.ToString() ?? "..."));

    [Theory]
    [InlineData(1, 1, "1")]
    [InlineData(5, 13, "1 2 3 4 5 6 7 8 9 10 11 12 13")]
    [InlineData(1, 14, "1 2 3 4 5 6 7 8 9 10 ... 13 14")]
    [InlineData(7, 20, "1 2 3 4 5 6 7 8 9 10 ... 19 20")]
    [InlineData(8, 20, "1 2 ... 5 6 7 8 9 10 11 ... 19 20")]
    [InlineData(13, 20, "1 2 ... 10 11 12 13 14 15 16 ... 19 20")]
    [InlineData(14, 20, "1 2 ... 11 12 13 14 15 16 17 18 19 20")]
    [InlineData(20, 20, "1 2 ... 11 12 13 14 15 16 17 18 19 20")]
    [InlineData(50, 100, "1 2 ... 47 48 49 50 51 52 53 ... 99 100")]
    [InlineData(150, 100, "1 2 ... 91 92 93 94 95 96 97 98 99 100")]
    public void WindowShowsThreePagesEachSideWithGaps(int current, int last, string expected) =>
        Assert.Equal(expected, Labels(current, last));

    [Theory]
    [InlineData(0, 10, 1)]
    [InlineData(1, 10, 1)]
    [InlineData(10, 10, 1)]
    [InlineData(11, 10, 2)]
    [InlineData(1_000_001, 1000, 1001)]
    public void LastPageIsAtLeastOne(long total, int perPage, int expected) =>
        Assert.Equal(expected, LaravelPage.LastPage(total, perPage));

    [Fact]
    public void FromAndToCountRowsAcrossPages()
    {
        var (_, meta) = LaravelPage.Build(total: 25, perPage: 10, currentPage: 3, count: 5, "https://x/p", []);
        Assert.Equal((21, 25, 3), (meta.From, meta.To, meta.LastPage));
    }

    [Fact]
    public void LinksKeepOtherParametersEncodedAndPutPageLast()
    {
        var (links, meta) = LaravelPage.Build(30, 10, 2, 10, "https://wall.example/data/partner/conversions",
            [new("user_id", "a b&c/é"), new("per_page", "10")]);
        const string prefix = "https://wall.example/data/partner/conversions?user_id=a%20b%26c%2F%C3%A9&per_page=10&page=";
        Assert.Equal(new PageLinks(prefix + 1, prefix + 3, prefix + 1, prefix + 3), links);
        Assert.Equal(new PageLink(prefix + 1, LaravelPage.PreviousLabel, false), meta.Links[0]);
        Assert.Equal(new PageLink(prefix + 3, LaravelPage.NextLabel, false), meta.Links[^1]);
        Assert.Equal(new PageLink(prefix + 2, "2", true), meta.Links[2]);
    }
}
