using Microsoft.Extensions.Options;
using Offerwall.Web;

namespace Offerwall.Conversions;

/// <summary>The advertiser postback's counters, one set per server process.</summary>
public sealed class AdvertiserLimits(IOptions<AdvertiserPostbackOptions> options) : IDisposable
{
    public KeyedLimiter<long> PerAdvertiser { get; } = new(options.Value.PerAdvertiser);
    public KeyedLimiter<UInt128> PerAddress { get; } = new(options.Value.PerAddress);

    public void Dispose()
    {
        PerAdvertiser.Dispose();
        PerAddress.Dispose();
    }
}
