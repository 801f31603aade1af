using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

/// <summary>What an advertiser's allowlist may do: an unsigned postback from a listed address, sent over real HTTP.</summary>
public static class UnsignedPostback
{
    public const string Listed = "203.0.113.0/24";

    /// <summary>An unsigned approval of the click's install goal, from <paramref name="address"/>, with extra headers.</summary>
    public static async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(AppFixture app, Market m, string txId, string address, params (string, string)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/postbacks/advertiser?tx_id={Uri.EscapeDataString(txId)}&goal_id={m.Install}&status=approved");
        request.Headers.Add(ClientAddressStartupFilter.Header, address);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        var response = await app.Client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    public static Task<JsonObject> AllowAsync(AppFixture app, Market m, bool ipOnly) =>
        Market.AdminAsync(app, $"/admin/advertisers/{m.AdvertiserId}/allowed-ips", new { allowed_ips = Listed, ip_only_auth = ipOnly });

    public static Task<int> ConversionsAsync(AppFixture app, Market m) => app.WithDb(db => db.Conversions.CountAsync(c => c.PartnerId == m.PartnerId));
}
