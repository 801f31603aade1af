using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Postbacks;

/// <summary>Sends one postback and reports what came back: 2xx within the timeout is success.</summary>
public sealed class PostbackSender(IHttpClientFactory factory, IOptions<PostbackOptions> options, TimeProvider clock)
{
    public const string ClientName = "postbacks";
    public const int ResponseBytes = 1024;

    public static IServiceCollection AddPostbackHttpClient(IServiceCollection services)
    {
        // Kept if a test registered its own list first.
        services.TryAddSingleton(sp => new OwnAddresses(sp.GetRequiredService<TimeProvider>(), OwnAddresses.ReadInterfaces));
        services.AddHttpClient(ClientName, c =>
            {
                c.Timeout = Timeout.InfiniteTimeSpan;   // the attempt's own timeout applies (PostbackOptions.Timeout)
                c.DefaultRequestHeaders.UserAgent.ParseAdd("Offerwall-Postbacks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var o = sp.GetRequiredService<IOptions<PostbackOptions>>();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,   // a redirect could lead past the SSRF guard
                    // No proxy, ever: with one (HTTP_PROXY and the like are read from the environment by
                    // default) the connect callback would check the proxy's address, not the partner's,
                    // and the proxy would reach whatever the URL names. Postbacks connect directly.
                    UseProxy = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    ConnectCallback = NetworkGuard.Connect(() => o.Value.AllowPrivateNetworks, sp.GetRequiredService<OwnAddresses>()),
                };
            });
        return services;
    }

    /// <summary>Renders the delivery in the partner's format and sends it.</summary>
    public Task<AttemptResult> SendAsync(DueDelivery due, CancellationToken ct) => SendAsync(Render(due.Partner, due.Values, due.Id, clock.GetUtcNow()), ct);

    /// <summary>
    /// The postback in the partner's format. While a rotated postback secret's grace period lasts, a GET
    /// is still signed with the old secret (its one signature must be one the partner already checks) and
    /// a Standard Webhooks POST carries both signatures (the format allows several), the old one first (some
    /// receivers check only the first: the StandardWebhooks .NET package 1.1.2 does); a test postback
    /// (<paramref name="newSecretOnly"/>) is signed with the new one, so the partner can check its new setup.
    /// </summary>
    public static PostbackRequest Render(Partner partner, IReadOnlyDictionary<string, string> values, long deliveryId, DateTimeOffset now,
        bool newSecretOnly = false)
    {
        var previous = !newSecretOnly && partner.PreviousPostbackSecret is { } old && partner.PreviousPostbackSecretUntil > now.UtcDateTime ? old : null;
        if (partner.NegativeReversals) values = AsNegativeReversal(values);
        return partner.PostbackFormat == PostbackFormat.StandardWebhooks
            ? PostbackMessage.Post(partner.PostbackUrl!, previous is null ? [partner.PostbackSecret] : [previous, partner.PostbackSecret], values, deliveryId, now)
            : PostbackMessage.Get(partner.PostbackUrl!, previous ?? partner.PostbackSecret, values, deliveryId, partner.PostbackFormat == PostbackFormat.BitLabs);
    }

    /// <summary>
    /// A reversal as BitLabs sends one (docs/postbacks.md): the amounts negative and the transaction id <c>r&lt;id&gt;</c>, its own id,
    /// while <c>{ref}</c> keeps the original's (<c>{reverse}</c> stays 1). Anything but a reversal is sent as it is.
    /// </summary>
    public static IReadOnlyDictionary<string, string> AsNegativeReversal(IReadOnlyDictionary<string, string> values)
    {
        if (values.GetValueOrDefault("reverse") != "1") return values;
        var negative = new Dictionary<string, string>(values);
        foreach (var amount in (string[])["reward", "reward_local_currency", "payout"])
            if (negative.TryGetValue(amount, out var text) && text is not ("0" or "") && !text.StartsWith('-')) negative[amount] = "-" + text;
        negative["transaction_id"] = "r" + values.GetValueOrDefault("transaction_id", "");
        return negative;
    }

    public async Task<AttemptResult> SendAsync(PostbackRequest request, CancellationToken ct)
    {
        var timer = Stopwatch.StartNew();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(options.Value.Timeout);
        try
        {
            using var message = new HttpRequestMessage(request.Method, request.Url);
            foreach (var (name, value) in request.Headers) message.Headers.TryAddWithoutValidation(name, value);
            if (request.Body is not null) message.Content = new StringContent(request.Body, Encoding.UTF8, "application/json");
            using var response = await factory.CreateClient(ClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var body = await ReadStartAsync(response, cts.Token);
            return new AttemptResult(request.Url, (int)response.StatusCode, Elapsed(timer), body);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptResult(request.Url, null, Elapsed(timer), $"No answer within {options.Value.Timeout.TotalSeconds:0.###} s.");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or InvalidOperationException or UriFormatException)
        {
            return new AttemptResult(request.Url, null, Elapsed(timer), Truncate(e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message));
        }
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[ResponseBytes];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0) read += n;
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static int Elapsed(Stopwatch timer) => (int)Math.Min(int.MaxValue, timer.ElapsedMilliseconds);
    private static string Truncate(string s) => s.Length <= ResponseBytes ? s : s[..ResponseBytes];
}
