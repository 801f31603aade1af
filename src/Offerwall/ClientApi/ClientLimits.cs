using Microsoft.Extensions.Options;
using Offerwall.Web;
using Offerwall.Data;

namespace Offerwall.ClientApi;

/// <summary>The client API's counters, one set per server process.</summary>
public sealed class ClientLimits(IOptions<ClientApiOptions> options) : IDisposable
{
    public KeyedLimiter<UInt128> PerAddress { get; } = new(options.Value.PerAddress);

    /// <summary>One key for every unknown token.</summary>
    public KeyedLimiter<byte> UnknownTokens { get; } = new(options.Value.UnknownTokens);

    private readonly KeyedLimiter<long> _perToken = new(options.Value.PerToken);
    private readonly KeyedLimiter<(long Partner, string User)> _perUser = new(options.Value.PerUser);

    /// <summary>
    /// Counts a request of an authenticated app's user: null when admitted, else how long to wait. A user
    /// over its own limit is refused without touching the app's allowance, so it cannot use that up for
    /// the others; and an app over its limit is refused before a user's counter is made for it.
    /// </summary>
    public TimeSpan? Admit(long partnerId, string userId) =>
        _perToken.Peek(partnerId) ?? _perUser.Acquire((partnerId, User.KeyOf(userId))) ?? _perToken.Acquire(partnerId);

    public void Dispose()
    {
        PerAddress.Dispose();
        UnknownTokens.Dispose();
        _perToken.Dispose();
        _perUser.Dispose();
    }
}
