using System.Net;
using System.Net.Http.Headers;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

/// <summary>The demo's documented admin token exists only while the database holds the demo data this server generated, and nothing else.</summary>
public abstract class DemoAdminTokenTests(AppFixture app, LogRecorder logs)
{
    public static async Task<(HttpStatusCode Status, string Body)> AdminGetAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/partners");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OnTheDemoDataItGeneratedTheServerAnswersToTheDemoToken()
    {
        var (status, body) = await AdminGetAsync(app.Client, "demo_admin_token");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Coin Quest", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AdminGetAsync(app.Client, AppFixture.AdminToken)).Status);
    }

    [Fact]
    public async Task ADatabaseWithAPartnerTheDemoDidNotCreateNeverAnswersToTheDemoToken()
    {
        using (var create = new HttpRequestMessage(HttpMethod.Post, "/admin/partners"))
        {
            create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "demo_admin_token");
            create.Content = System.Net.Http.Json.JsonContent.Create(new { name = "A real app", currency_name = "Coins", currency_ratio = 100m, revenue_share = 0.5m });
            Assert.Equal(HttpStatusCode.Created, (await app.Client.SendAsync(create)).StatusCode);
        }
        // The next start (here a second node on the same database) decides again, and refuses the token.
        await using var next = await app.SecondNodeAsync();
        var (status, body) = await AdminGetAsync(next.Client, "demo_admin_token");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.DoesNotContain("A real app", body, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("the demo admin token is off", StringComparison.Ordinal));
        // The demo's other documented credentials are data, and keep working.
        Assert.Equal(HttpStatusCode.OK, (await Shop.SendAsync(app, HttpMethod.Get, "/v1/client/offers", "demo_coinquest_app_token", "u")).Status);
    }
}
