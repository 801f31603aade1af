using System.Net;

namespace Offerwall.Bench;

public static class Http
{
    /// <summary>A client with exactly <paramref name="connections"/> keep-alive connections to one server.</summary>
    public static HttpClient Client(Uri baseUrl, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        // Keep every connection for the whole phase: reconnecting would be measured as server time.
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Sends the request and reads the whole answer into <paramref name="body"/>; its status. No answer at all throws, as HttpClient does.</summary>
    public static async Task<HttpStatusCode> SendAsync(HttpClient http, HttpRequestMessage request, BodyBuffer body, CancellationToken ct)
    {
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await body.ReadAsync(response.Content, ct);
        return response.StatusCode;
    }

    public static Task<HttpStatusCode> GetAsync(HttpClient http, string path, BodyBuffer body, CancellationToken ct) =>
        SendAsync(http, new HttpRequestMessage(HttpMethod.Get, path), body, ct);

    /// <summary>How often <paramref name="needle"/> occurs: counts rows of a page without parsing it, so checking every page costs the load generator next to nothing.</summary>
    public static int Count(ReadOnlySpan<byte> text, ReadOnlySpan<byte> needle)
    {
        var count = 0;
        for (int at; (at = text.IndexOf(needle)) >= 0; text = text[(at + needle.Length)..])
            count++;
        return count;
    }

    public static string Failure(HttpStatusCode status, BodyBuffer body) =>
        $"{(int)status}: {Load.Shorten(System.Text.Encoding.UTF8.GetString(body.Span))}";
}
