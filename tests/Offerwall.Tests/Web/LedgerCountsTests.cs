using Offerwall.PartnerApi;
using Offerwall.Data;

namespace Offerwall.Tests.Web;

/// <summary>Where a page starts, from hour counts.</summary>
public sealed class LedgerCountsTests
{
    private static readonly DateTime H0 = new(2026, 11, 20, 5, 0, 0, DateTimeKind.Utc);

    private static readonly LedgerCounts.HourCount[] Counts =
    [
        new(H0, OfferKind.Offer, false, 3),
        new(H0, OfferKind.Offer, true, 1),
        new(H0.AddHours(2), OfferKind.Survey, false, 4),
        new(H0.AddHours(5), OfferKind.Offer, false, 2),
    ];

    [Theory]
    [InlineData(0, 0, 0L)]
    [InlineData(3, 0, 3L)]
    [InlineData(4, 2, 0L)]
    [InlineData(7, 2, 3L)]
    [InlineData(8, 5, 0L)]
    [InlineData(9, 5, 1L)]
    public void PageStartsInTheHourThatHoldsItsFirstRow(long offset, int hour, long skip)
    {
        var (h, s, total) = LedgerCounts.Locate(Counts, null, null, offset);
        Assert.Equal((H0.AddHours(hour), skip, 10L), (h!.Value, s, total));
    }

    [Fact]
    public void PastTheEndThereIsNoStartHour() =>
        Assert.Equal(((DateTime?)null, 0L, 10L), LedgerCounts.Locate(Counts, null, null, 10));

    [Fact]
    public void FiltersCountOnlyTheirRows()
    {
        Assert.Equal(1L, LedgerCounts.Locate(Counts, true, null, 0).Total);
        Assert.Equal(4L, LedgerCounts.Locate(Counts, null, OfferKind.Survey, 0).Total);
        Assert.Equal((H0.AddHours(5), 1L), (LedgerCounts.Locate(Counts, false, OfferKind.Offer, 4).Hour!.Value, LedgerCounts.Locate(Counts, false, OfferKind.Offer, 4).Skip));
    }
}
