using Microsoft.Extensions.Options;
using Offerwall.Web;
using Offerwall.Data;

namespace Offerwall.ClientApi;

/// <summary>
/// Section "ClientApi": the client API's rate limits (docs/rate-limits.md). The app token is public,
/// so no user and no address may use up the allowance of the app's other users: each user and each
/// address has a limit well under the token's.
/// </summary>
public sealed class ClientApiOptions
{
    /// <summary>Requests per app token (per partner) per <see cref="Window"/>: what one app may ask of this server.</summary>
    public int PermitLimit { get; set; } = 12_000;
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests per user of an app (app token and user id).</summary>
    public RateLimit PerUser { get; set; } = RateLimit.Of(60, TimeSpan.FromSeconds(10));

    /// <summary>Requests per client address, whatever the token: high, as many users may share one address (carrier-grade NAT).</summary>
    public RateLimit PerAddress { get; set; } = RateLimit.Of(2_400, TimeSpan.FromSeconds(10));

    /// <summary>Requests with an unknown or invalid app token, all of them together.</summary>
    public RateLimit UnknownTokens { get; set; } = RateLimit.Of(100, TimeSpan.FromSeconds(10));

    public RateLimit PerToken => RateLimit.Of(PermitLimit, Window);
}

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
