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

    /// <summary>
    /// Whether <c>GET /v2/client/offers</c> believes the <c>client_ip</c> the caller sends for the user's country (off by default: an app, or
    /// a user holding the public app token, could pick any country). Only for partners whose servers ask on their users' behalf.
    /// </summary>
    public bool TrustClientIp { get; set; }

    /// <summary>
    /// How old the in-memory copies of the active offers (<see cref="LiveCatalog"/>) and of the partners by app token
    /// (<see cref="PartnerTokens"/>) may grow: the longest a change made on another node takes to show in this node's client API. A change
    /// made on this node shows at once. Zero: read on every request.
    /// </summary>
    public TimeSpan CatalogMaxAge { get; set; } = TimeSpan.FromSeconds(5);

    public RateLimit PerToken => RateLimit.Of(PermitLimit, Window);
}
