using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

/// <summary>
/// The admin API's request bodies are checked by the framework's validation before their handler runs.
/// The answer is the validation problem operators' scripts already read: 400, every bad field named
/// with its message, in one answer, and nothing written.
/// </summary>
public abstract class AdminValidationTests(AppFixture app)
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private async Task<(int Partners, int Advertisers)> CountsAsync() =>
        await app.WithDb(async db => (await db.Partners.CountAsync(), await db.Advertisers.CountAsync()));

    private async Task<JsonObject> RefusedAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, MediaTypeHeaderValue.Parse("application/json")) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(["type", "title", "status", "errors", "trace_id"], body.Select(p => p.Key));
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.1", (string?)body["type"]);
        Assert.Equal("One or more validation errors occurred.", (string?)body["title"]);
        Assert.Equal(400, (int)body["status"]!);
        return body["errors"]!.AsObject();
    }

    [Fact]
    public async Task ANewPartnerWithEveryFieldWrongNamesEachFieldAndIsNotCreated()
    {
        var before = await CountsAsync();
        var errors = await RefusedAsync("/admin/partners",
            """{"name":" ","currency_name":"","currency_ratio":0,"revenue_share":2,"postback_url":"http://10.0.0.1/pb","postback_format":"post"}""");
        Assert.Equal(
            "{\"name\":[\"Name must be 1 to 200 characters.\"],\"currency_name\":[\"Currency name must be 1 to 50 characters.\"],"
            + "\"currency_ratio\":[\"Currency ratio must be above 0 and at most 1,000,000.\"],\"revenue_share\":[\"Revenue share must be from 0 to 1.\"],"
            + "\"postback_url\":[\"Postback URL must not point at a private, loopback, link-local or reserved address.\"],"
            + "\"postback_format\":[\"Postback format must be get, standard_webhooks or bitlabs.\"]}",
            errors.ToJsonString(Relaxed));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task PostbackSettingsAdvertisersAndAddressesAreCheckedTheSameWay()
    {
        var partner = await Market.AdminAsync(app, "/admin/partners", new { name = "V", currency_name = "Coins", currency_ratio = 100m, revenue_share = 0.5m });
        var id = (long)partner["partner"]!["id"]!;
        Assert.Equal("""{"postback_format":["Postback format must be get, standard_webhooks or bitlabs."]}""",
            (await RefusedAsync($"/admin/partners/{id}/postback", """{"postback_url":null,"postback_format":"xml"}""")).ToJsonString(Relaxed));

        var before = await CountsAsync();
        Assert.Equal("""{"allowed_ips":["'nope' is not an IP address or CIDR range."],"name":["Name must be 1 to 200 characters."]}""",
            (await RefusedAsync("/admin/advertisers", """{"name":"","allowed_ips":"nope"}""")).ToJsonString(Relaxed));
        Assert.Equal(before, await CountsAsync());

        var advertiser = await Market.AdminAsync(app, "/admin/advertisers", new { name = "A" }, HttpStatusCode.Created);
        Assert.Equal("""{"ip_only_auth":["IP-only authentication needs at least one allowed IP or range."]}""",
            (await RefusedAsync($"/admin/advertisers/{(long)advertiser["id"]!}/allowed-ips", """{"allowed_ips":"","ip_only_auth":true}""")).ToJsonString(Relaxed));
        Assert.Equal("""{"grace_hours":["Grace hours must be from 0 to 720."]}""",
            (await RefusedAsync($"/admin/partners/{id}/rotate-key", """{"grace_hours":721}""")).ToJsonString(Relaxed));
    }
}
