using System.Text.Json;
using System.Text.RegularExpressions;
using Offerwall.Web;

namespace Offerwall.Postbacks;

/// <summary>One postback as sent: method, URL, body and headers.</summary>
public sealed record PostbackRequest(HttpMethod Method, string Url, string? Body, IReadOnlyList<KeyValuePair<string, string>> Headers);

/// <summary>
/// Renders a postback from its values (docs/postbacks.md). GET: the partner's URL template with
/// every {macro} replaced by its URL-encoded value, then <c>signature</c> appended last: lowercase
/// hex HMAC-SHA256 under the partner's postback secret of the URL exactly as sent before
/// <c>&amp;signature=</c>; or, BitLabs' way, <c>hash</c>: lowercase hex HMAC-SHA1 of the URL before
/// <c>&amp;hash=</c>. POST: the values as JSON, signed the Standard Webhooks way.
/// </summary>
public static partial class PostbackMessage
{
    public static readonly string[] Macros =
        ["user_id", "transaction_id", "reward", "reward_local_currency", "payout", "offer_id", "offer_name", "goal_id", "note", "reverse",
         "type", "survey_id", "date_time", "status", "delivery_id", "country", "platform", "sub_id", "tags", "ref"];

    /// <param name="bitLabs">Signed BitLabs' way: <c>hash</c> (HMAC-SHA1) instead of <c>signature</c> (HMAC-SHA256), both over the URL as sent.</param>
    public static PostbackRequest Get(string template, string secret, IReadOnlyDictionary<string, string> values, long deliveryId, bool bitLabs = false)
    {
        var url = SignatureMacro().Replace(template, "");
        url = url.Replace("?&", "?").TrimEnd('&', '?');
        foreach (var macro in Macros)
            url = url.Replace("{" + macro + "}", Uri.EscapeDataString(values.GetValueOrDefault(macro, "")));
        url += (url.Contains('?') ? "&" : "?") + (bitLabs ? "hash=" + Hmac.Sha1Hex(secret, url) : "signature=" + Hmac.Sha256Hex(secret, url));
        return new PostbackRequest(HttpMethod.Get, url, null, [new("X-Offerwall-Delivery", deliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }

    /// <summary>
    /// Standard Webhooks: body {"type","timestamp","data"}; headers webhook-id (stable per delivery),
    /// webhook-timestamp (unix seconds) and webhook-signature "v1,&lt;base64 HMAC-SHA256 of
    /// id.timestamp.body&gt;" keyed with the UTF-8 bytes of the partner's postback secret; with several
    /// <paramref name="secrets"/> (a rotation's grace period) one such signature each, space-separated.
    /// </summary>
    public static PostbackRequest Post(string url, IReadOnlyList<string> secrets, IReadOnlyDictionary<string, string> values, long deliveryId, DateTimeOffset now)
    {
        var id = $"dlv_{deliveryId}";
        var timestamp = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "conversion." + values.GetValueOrDefault("status", ""),
            ["timestamp"] = IsoUtc.Format(now.UtcDateTime),
            ["data"] = Macros.Where(values.ContainsKey).ToDictionary(m => m, m => values[m]),
        });
        var signatures = string.Join(' ', secrets.Select(secret => "v1," + Hmac.Sha256Base64(secret, $"{id}.{timestamp}.{body}")));
        return new PostbackRequest(HttpMethod.Post, url, body, [new("webhook-id", id), new("webhook-timestamp", timestamp), new("webhook-signature", signatures)]);
    }

    // A {signature} (or {hash}) placeholder in a template is dropped: the signature is always appended last.
    [GeneratedRegex(@"(?<=[?&])[A-Za-z0-9_]+=\{(signature|hash)\}&?")]
    private static partial Regex SignatureMacro();
}
