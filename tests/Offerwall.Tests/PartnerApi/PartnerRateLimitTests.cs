using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Offerwall.Partners;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Web;

namespace Offerwall.Tests.PartnerApi;

/// <summary>
/// Everything under /data/partner is limited per partner (4 a minute here) and per client address (6),
/// and keys that authenticate no one share their address's allowance of failures (2)
/// (<see cref="TestLimits.Partner"/>). Refusals are Laravel's throttle answer. Each test has its own addresses.
/// </summary>
public abstract class PartnerRateLimitTests(AppFixture app)
{
    private static readonly string[] Paths =
        ["/data/partner/conversions", "/data/partner/me", "/data/partner/summary", "/data/partner/postbacks"];

    private async Task<(HttpStatusCode Status, string Text, HttpResponseMessage Response)> GetAsync(string path, string key, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add(ClientAddressStartupFilter.Header, address);
        var response = await app.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private static void AssertThrottled((HttpStatusCode Status, string Text, HttpResponseMessage Response) answer)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, answer.Status);
        Assert.Equal("""{"message":"Too Many Attempts."}""", answer.Text);
        Assert.Equal("application/json; charset=utf-8", answer.Response.Content.Headers.ContentType!.ToString());
        Assert.InRange(int.Parse(answer.Response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, 60);
    }

    [Fact]
    public async Task EachPartnerHasItsOwnLimitOverEveryPartnerRoute()
    {
        var p = await TestPartner.CreateAsync(app);
        var other = await TestPartner.CreateAsync(app);
        // From a new address each time: only the partner's own limit is in play, counted over all its routes.
        for (var i = 0; i < TestLimits.PartnerPermits; i++)
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(Paths[i % Paths.Length], p.Key, $"10.4.0.{i + 1}")).Status);
        foreach (var (path, i) in Paths.Select((path, i) => (path, i)))
            AssertThrottled(await GetAsync(path, p.Key, $"10.4.1.{i + 1}"));

        // Another partner, even from the same addresses, is served.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/data/partner/conversions", other.Key, "10.4.1.1")).Status);
    }

    [Fact]
    public async Task EachAddressHasItsOwnLimitAndUnknownKeysShareItsAllowanceOfFailures()
    {
        const string address = "10.5.0.1";
        var partners = new List<TestPartner>();
        for (var i = 0; i < 4; i++) partners.Add(await TestPartner.CreateAsync(app));

        // Keys that authenticate no one, each a new one: no fresh allowance per key, one per address.
        for (var i = 0; i < TestLimits.FailedKeyPermits; i++)
        {
            var (status, text, _) = await GetAsync("/data/partner/conversions", PartnerKeys.NewServerKey(), address);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("""{"message":"Unauthenticated."}""", text);
        }
        AssertThrottled(await GetAsync("/data/partner/conversions", PartnerKeys.NewServerKey(), address));
        // Failures never hold back a key that works.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/data/partner/me", partners[0].Key, address)).Status);

        // The address's own limit counts every request, whatever the key (3 failures and 1 success so far).
        for (var i = 1; i < TestLimits.PartnerAddressPermits - TestLimits.FailedKeyPermits - 1; i++)
            Assert.Equal(HttpStatusCode.OK, (await GetAsync("/data/partner/me", partners[i].Key, address)).Status);
        AssertThrottled(await GetAsync("/data/partner/me", partners[3].Key, address));

        // Another address is served.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/data/partner/me", partners[3].Key, "10.5.0.2")).Status);
    }

    [Fact]
    public async Task EveryLimitedOperationDocumentsItsTooManyRequestsAnswerWithRetryAfter()
    {
        var doc = JsonNode.Parse(await app.Client.GetStringAsync("/openapi/v1.json"))!;
        var limited = new[]
        {
            ("/data/partner/conversions", "get", "LaravelMessage"), ("/data/partner/me", "get", "LaravelMessage"),
            ("/data/partner/summary", "get", "LaravelMessage"), ("/data/partner/postbacks", "get", "LaravelMessage"),
            ("/data/partner/postbacks/{id}/replay", "post", "LaravelMessage"), ("/data/partner/postbacks/test", "post", "LaravelMessage"),
            ("/v1/client/offers", "get", "ClientError"), ("/v1/client/offers/{offerId}/start", "post", "ClientError"),
            ("/v1/client/user/history/offers/{offerId}", "get", "ClientError"),
            ("/postbacks/advertiser", "get", "PostbackError"), ("/postbacks/advertiser", "post", "PostbackError"),
        };
        foreach (var (path, method, schema) in limited)
        {
            var tooMany = doc["paths"]?[path]?[method]?["responses"]?["429"];
            Assert.True(tooMany is not null, $"{method} {path} documents no 429");
            Assert.Equal($"#/components/schemas/{schema}", (string?)tooMany["content"]!["application/json"]!["schema"]!["$ref"]);
            Assert.Equal("integer", (string?)tooMany["headers"]!["Retry-After"]!["schema"]!["type"]);
        }
        // Operators are not rate-limited.
        Assert.Null(doc["paths"]!["/admin/postbacks/{id}/replay"]!["post"]!["responses"]!["429"]);
    }
}
