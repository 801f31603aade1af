using System.Globalization;
using System.Net;
using Offerwall.Web;

namespace Offerwall.ClientApi;

/// <summary><see cref="OffersV2Query"/> checked: what the v2 offer list keeps, and what it carries on each click_url.</summary>
public sealed record OffersV2Scope(IReadOnlyList<long>? OfferIds, bool? IsGame, bool? InApp, int? Limit, IReadOnlyList<KeyValuePair<string, string>> Tags,
    IPAddress? ClientIp, string? ClientUserAgent)
{
    public const int MaxLimit = 10_000;
    public const int MaxOfferIds = 500;

    /// <summary>Whether an offer is in the scope: one of <see cref="OfferIds"/> when given, else of the kind <see cref="IsGame"/> asks.</summary>
    public bool Keeps(Data.Offer offer) => OfferIds is { } ids ? ids.Contains(offer.Id) : IsGame is not { } game || offer.IsGame == game;

    public static bool TryParse(OffersV2Query query, out OffersV2Scope scope, out string? error)
    {
        scope = null!;
        if (!TryBool(query.InApp, "in_app", out var inApp, out error) || !TryBool(query.IsGame, "is_game", out var isGame, out error)) return false;
        int? limit = null;
        if (!string.IsNullOrWhiteSpace(query.Limit))
        {
            if (!int.TryParse(query.Limit.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxLimit)
            {
                error = $"limit must be an integer from 1 to {MaxLimit}";
                return false;
            }
            limit = n;
        }
        List<long>? ids = null;
        if (query.OfferIds is not null)
        {
            ids = [];
            foreach (var part in query.OfferIds.Split(','))
            {
                if (!long.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
                {
                    error = "offer_ids must be a comma-separated list of offer ids (positive integers)";
                    return false;
                }
                if (!ids.Contains(id)) ids.Add(id);
            }
            if (ids.Count > MaxOfferIds)
            {
                error = $"offer_ids takes at most {MaxOfferIds} ids";
                return false;
            }
        }
        IPAddress? ip = null;
        if (!string.IsNullOrWhiteSpace(query.ClientIp) && !TryAddress(query.ClientIp.Trim(), out ip))
        {
            error = "client_ip must be an IPv4 or IPv6 address";
            return false;
        }
        var agent = string.IsNullOrWhiteSpace(query.ClientUserAgent) ? null : query.ClientUserAgent;
        if (agent is not null && (agent.Length > 1024 || agent.Any(char.IsControl)))
        {
            error = "client_user_agent must be at most 1024 printable characters";
            return false;
        }
        if (!ClickLabels.TryParseTags(query.Tags, out var tags, out error)) return false;
        scope = new OffersV2Scope(ids, isGame, inApp, limit, tags, ip, agent);
        return true;
    }

    /// <summary>An IPv6 address, or an IPv4 one as a dotted quad (not the legacy shorthands such as 1.2.3 that the parser takes).</summary>
    private static bool TryAddress(string text, out IPAddress? address) =>
        IPAddress.TryParse(text, out address)
        && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? text.Contains(':', StringComparison.Ordinal)
            : text.Split('.').Length == 4 && text.All(c => char.IsAsciiDigit(c) || c == '.'));

    private static bool TryBool(string? text, string name, out bool? value, out string? error)
    {
        value = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "1": value = true; return true;
            case "false" or "0": value = false; return true;
            default: error = $"{name} must be true or false"; return false;
        }
    }
}
