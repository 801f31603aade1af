using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Offerwall.Hosting;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

/// <summary>Admin token strength and guessing: a short token is refused at start, and failed attempts are limited per address.</summary>
public sealed class AdminTokenStrengthTests(AdminLockoutFixture app) : IClassFixture<AdminLockoutFixture>
{
    private async Task<HttpResponseMessage> AdminFromAsync(string address, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/promotions") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add(ClientAddressStartupFilter.Header, address);
        return await app.Client.SendAsync(request);
    }

    [Theory]
    [InlineData("short-token")]
    [InlineData("0123456789abcdef0123456789abcde")]   // 31 characters
    [InlineData("demo_admin_token")]                   // the demo's token is never a configured one
    public async Task AnAdminTokenShorterThan32CharactersIsRefusedAtStart(string token)
    {
        var path = Path.Combine(Path.GetTempPath(), $"offerwall-test-{Guid.NewGuid():N}.db");
        await using var server = OfferwallApp.Build([], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:ConnectionString"] = $"Data Source={path}", ["Demo:Enabled"] = "false", ["Admin:Token"] = token,
            });
        });
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => server.StartAsync());
        Assert.Contains("Admin:Token must be at least 32 characters", refused.Message, StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
    }

    [Fact]
    public async Task AfterTenFailedAuthenticationsAnAddressIsRefusedEvenWithTheRightTokenAndOthersAreNot()
    {
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await AdminFromAsync("192.0.2.50", "guess-" + i.ToString(CultureInfo.InvariantCulture))).StatusCode);
        var locked = await AdminFromAsync("192.0.2.50", AppFixture.AdminToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.InRange(int.Parse(locked.Headers.RetryAfter!.ToString(), CultureInfo.InvariantCulture), 1, 60);
        var problem = JsonNode.Parse(await locked.Content.ReadAsStringAsync())!;
        Assert.Equal(429, (int)problem["status"]!);

        // Another address, with the right token, is served (the body is bound: 400 for the empty promotion).
        Assert.Equal(HttpStatusCode.BadRequest, (await AdminFromAsync("192.0.2.51", AppFixture.AdminToken)).StatusCode);
        // Successes count for nothing: an address that knows the token is never locked out by using it.
        for (var i = 0; i < 20; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await AdminFromAsync("192.0.2.52", AppFixture.AdminToken)).StatusCode);
    }
}
