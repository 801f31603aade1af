using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Postbacks;

/// <summary>
/// Partners that chose Standard Webhooks get a JSON POST that the StandardWebhooks package (an
/// implementation independent of ours) verifies. The package refuses timestamps more than 5 minutes
/// from its own clock, so the server's fake clock is first set to the real time.
/// </summary>
public abstract class StandardWebhooksTests(AppFixture app) : IAsyncLifetime
{
    private PostbackSink _sink = null!;

    public async ValueTask InitializeAsync()
    {
        _sink = await PostbackSink.StartAsync();
        if (TimeProvider.System.GetUtcNow() > app.Clock.GetUtcNow()) app.Clock.SetUtcNow(TimeProvider.System.GetUtcNow());
    }

    public async ValueTask DisposeAsync() { await _sink.DisposeAsync(); GC.SuppressFinalize(this); }

    private async Task<Received> NextAsync()
    {
        await PostbackSink.WaitUntilAsync(() => Task.FromResult(!_sink.Requests.IsEmpty), "a webhook");
        Assert.True(_sink.Requests.TryDequeue(out var got));
        return got;
    }

    private static HeaderDictionary Headers(Received got) => new(got.Headers.ToDictionary(h => h.Key, h => new Microsoft.Extensions.Primitives.StringValues(h.Value)));

    private static void Verify(string secret, string body, HeaderDictionary headers) =>
        new StandardWebhook(Encoding.UTF8.GetBytes(secret)).Verify(body, headers);

    [Fact]
    public async Task AConversionIsAJsonPostThatTheStandardWebhooksPackageVerifies()
    {
        var m = await Market.CreateAsync(app, postbackUrl: _sink.Url + "/hook", postbackFormat: "standard_webhooks");
        await m.PostbackAsync(await m.StartAsync("u"), m.Install);
        var got = await NextAsync();
        Assert.Equal("POST", got.Method);
        Assert.StartsWith("dlv_", got.Headers["webhook-id"]);
        Assert.Equal(app.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), got.Headers["webhook-timestamp"]);
        Verify(m.PostbackSecret, got.Body, Headers(got));

        var body = JsonNode.Parse(got.Body)!;
        Assert.Equal("conversion.approved", (string?)body["type"]);
        Assert.Equal("u", (string?)body["data"]!["user_id"]);
        Assert.Equal("50", (string?)body["data"]!["reward_local_currency"]);

        // The package refuses what was not signed with the partner's secret, or changed on the way.
        Assert.Throws<WebhookVerificationException>(() => Verify("another secret", got.Body, Headers(got)));
        Assert.Throws<WebhookVerificationException>(() => Verify(m.PostbackSecret, got.Body.Replace("\"u\"", "\"v\"", StringComparison.Ordinal), Headers(got)));
    }

    [Fact]
    public async Task DuringASecretRotationsGracePeriodBothSecretsVerify()
    {
        var m = await Market.CreateAsync(app, postbackUrl: _sink.Url + "/hook", postbackFormat: "standard_webhooks");
        var rotated = await Market.AdminAsync(app, $"/admin/partners/{m.PartnerId}/rotate-postback-secret", new { grace_hours = 1 });
        var newSecret = (string)rotated["postback_secret"]!;
        await m.PostbackAsync(await m.StartAsync("u"), m.Install);
        var got = await NextAsync();
        var signatures = got.Headers["webhook-signature"].Split(' ');
        Assert.Equal(2, signatures.Length);
        // The old secret's signature first: the package checks only the first of several (1.1.2's loop ends
        // before the last one), so a partner still on the old secret keeps verifying with it.
        Verify(m.PostbackSecret, got.Body, Headers(got));
        // The new secret's signature, given to the package on its own.
        Verify(newSecret, got.Body, WithSignature(got, signatures[1]));
        Assert.Throws<WebhookVerificationException>(() => Verify(newSecret, got.Body, WithSignature(got, signatures[0])));
    }

    private static HeaderDictionary WithSignature(Received got, string signature)
    {
        var headers = Headers(got);
        headers["webhook-signature"] = signature;
        return headers;
    }
}
