using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Offerwall.Faults;

/// <summary>Creates a scenario's database and its market through the admin and client APIs, as an operator and an app would.</summary>
public static class Setup
{
    /// <summary>A new, empty database for one scenario; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(FaultOptions options, string name, CancellationToken ct)
    {
        await using (var connection = new NpgsqlConnection(options.Postgres))
        {
            await connection.OpenAsync(ct);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\"", connection);
            await drop.ExecuteNonQueryAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        return new NpgsqlConnectionStringBuilder(options.Postgres) { Database = name }.ConnectionString;
    }

    public static HttpClient Client(Uri node, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(2),
    })
    {
        BaseAddress = node,
        Timeout = TimeSpan.FromSeconds(15),
    };

    /// <param name="caps">The offer's caps as the import takes them (snake_case keys), or null for none.</param>
    public static async Task<Market> CreateMarketAsync(HttpClient http, string adminToken, string sinkUrl, int clicks, string tag, CancellationToken ct,
        object? caps = null)
    {
        var advertiser = await AdminPostAsync(http, adminToken, "/admin/advertisers", new { name = $"Faults advertiser {tag}" }, ct);
        var offerId = $"faults{tag}";
        await AdminPostAsync(http, adminToken, "/admin/offers/import", new object[]
        {
            new
            {
                id = offerId, advertiser_id = advertiser.GetProperty("id").GetInt64(),
                // Spaces, '&', ':' and '/' in a macro value: the signature must hold over the encoded URL.
                name = "Faults: crash & burn / 100%", tracking_url = "https://t.example/{tx_id}", caps, over_cap = "cancel",
                goals = new object[]
                {
                    new { id = "0", name = "Install", payout = 1m, reward = 0.5m },
                    new { id = "1", name = "Purchase", payout = 5m, reward = 1m, kind = "dynamic" },
                    new { id = "2", name = "Level 10 (held)", payout = 2m, reward = 1m, kind = "dynamic", hold_hours = 24 },
                },
            },
        }, ct);

        return await CreatePartnerAsync(http, adminToken, advertiser.GetProperty("secret").GetString()!, offerId, sinkUrl, clicks, tag, role: null, ct);
    }

    /// <summary>
    /// A partner whose postbacks go to <paramref name="sinkUrl"/>, and <paramref name="clicks"/> clicks of its
    /// users on the offer; its market shares the advertiser and the offer. <paramref name="role"/> tells a
    /// scenario's second partner apart (its name and its users' ids).
    /// </summary>
    public static async Task<Market> CreatePartnerAsync(HttpClient http, string adminToken, string advertiserSecret, string offerId, string sinkUrl,
        int clicks, string tag, string? role, CancellationToken ct)
    {
        var suffix = role is null ? "" : $"-{role}";
        // Every macro a partner would use, so the signature covers encoded values of every kind.
        var template = sinkUrl + "?transaction_id={transaction_id}&reverse={reverse}&status={status}&delivery_id={delivery_id}"
                       + "&user_id={user_id}&reward={reward}&payout={payout}&offer_name={offer_name}&note={note}&date_time={date_time}";
        var partner = await AdminPostAsync(http, adminToken, "/admin/partners",
            new { name = $"Faults partner {tag}{suffix}", currency_name = "Coins", currency_ratio = 100m, revenue_share = 0.5m, postback_url = template }, ct);
        var partnerId = partner.GetProperty("partner").GetProperty("id").GetInt64();
        var appToken = partner.GetProperty("partner").GetProperty("app_token").GetString()!;

        var txIds = new string[clicks];
        await Parallel.ForEachAsync(Enumerable.Range(0, clicks), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (i, token) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/client/offers/{offerId}/start");
                request.Headers.Add("X-Api-Token", appToken);
                request.Headers.Add("X-User-Id", $"faults-{tag}{suffix}-{i}");
                using var response = await http.SendAsync(request, token);
                var body = await response.Content.ReadAsStringAsync(token);
                if (response.StatusCode != HttpStatusCode.OK)
                    throw new SetupException($"POST /v1/client/offers/{offerId}/start answered {(int)response.StatusCode}: {Shorten(body)}");
                using var json = JsonDocument.Parse(body);
                txIds[i] = json.RootElement.GetProperty("data").GetProperty("tx_id").GetString()!;
            });
        return new Market(partnerId, advertiserSecret, offerId, txIds)
        {
            PostbackSecret = partner.GetProperty("postback_secret").GetString()!,
            AppToken = appToken,
        };
    }

    public static async Task<JsonElement> AdminPostAsync(HttpClient http, string adminToken, string path, object body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", adminToken);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new SetupException($"POST {path} answered {(int)response.StatusCode}: {Shorten(text)}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    public static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
