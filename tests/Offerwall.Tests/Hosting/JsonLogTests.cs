using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Hosting;

/// <summary>
/// The JSON console log is one setting away (Logging:Console:FormatterName=json, docs/operations.md): the real server, started as a process
/// as an operator starts it, writes one JSON object per line on standard output, and the secrets it handles (the admin token, a new
/// partner's server key and postback secret) are in none of them. The format does not depend on the engine: SQLite.
/// </summary>
public sealed class JsonLogTests
{
    [Fact]
    public async Task WithTheJsonFormatterEveryConsoleLineIsAJsonObjectAndNoneHoldsASecret()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"offerwall-jsonlog-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var adminToken = "json-log-admin-token-" + Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Offerwall.dll"));
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        start.Environment["Logging__Console__FormatterName"] = "json";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Database__ConnectionString"] = $"Data Source={Path.Combine(folder, "offerwall.db")}";
        start.Environment["Demo__Enabled"] = "false";
        start.Environment["Admin__Token"] = adminToken;
        start.Environment["Postbacks__AllowPrivateNetworks"] = "true";

        var lines = new ConcurrentQueue<string>();
        var errors = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = new Process { StartInfo = start };
        server.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            lines.Enqueue(line);
            if (line.Contains("Now listening on", StringComparison.Ordinal))
                listening.TrySetResult((string)JsonNode.Parse(line)!["State"]!["address"]!);
        };
        server.ErrorDataReceived += (_, e) => { if (e.Data is { } line) errors.Enqueue(line); };
        Assert.True(server.Start());
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        string serverKey, postbackSecret;
        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

            // The secrets go through the server: the admin token (right and wrong), a new partner's credentials, the Data API with its key.
            using var create = new HttpRequestMessage(HttpMethod.Post, "/admin/partners")
            {
                Content = JsonContent.Create(new { name = "Json Log", currency_name = "Coins", currency_ratio = 100, revenue_share = 0.7m }),
            };
            create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
            using var created = await client.SendAsync(create);
            var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
            Assert.True(created.IsSuccessStatusCode, body.ToJsonString());
            serverKey = (string)body["server_key"]!;
            postbackSecret = (string)body["postback_secret"]!;
            using var data = new HttpRequestMessage(HttpMethod.Get, "/data/partner/conversions");
            data.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serverKey);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(data)).StatusCode);
            using var wrong = new HttpRequestMessage(HttpMethod.Get, "/admin/partners");
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken + "x");
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        }
        finally
        {
            // This test's own process, by its handle.
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
        try
        {
            var output = lines.ToList();
            Assert.True(output.Count >= 3, $"stdout: {string.Join('\n', output)}\nstderr: {string.Join('\n', errors)}");
            foreach (var line in output)
            {
                JsonNode? entry = null;
                try { entry = JsonNode.Parse(line); }
                catch (JsonException) { }
                Assert.True(entry is JsonObject, "not a JSON object: " + line);
                Assert.False(string.IsNullOrEmpty((string?)entry!["LogLevel"]), line);
                Assert.False(string.IsNullOrEmpty((string?)entry["Category"]), line);
                Assert.NotNull(entry["Message"]);
            }
            // The app's own lines too, with their template's values as separate fields.
            var own = output.Select(l => JsonNode.Parse(l)!).First(e => ((string?)e["Category"])!.StartsWith("Offerwall.", StringComparison.Ordinal));
            Assert.NotNull(own["State"]?["{OriginalFormat}"]);
            foreach (var secret in new[] { adminToken, serverKey, postbackSecret })
                Assert.DoesNotContain(output.Concat(errors), l => l.Contains(secret, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
