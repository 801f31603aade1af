using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Offerwall.Tests.Operations;

/// <summary>
/// Debian's real Prometheus server (the prometheus package, which ./scripts/test installs), started on 127.0.0.1 in a throwaway folder
/// to scrape one test server's /metrics every second with the admin token as a bearer, as an operator's would.
/// Its path: OFFERWALL_TEST_PROMETHEUS, else /usr/bin/prometheus. Missing, the tests that need it fail: they never skip.
/// </summary>
public sealed class Prometheus : IAsyncDisposable
{
    public const string Variable = "OFFERWALL_TEST_PROMETHEUS";

    private readonly Process _process;
    private readonly string _folder;
    private readonly HttpClient _http;

    private Prometheus(Process process, string folder, Uri api)
    {
        _process = process;
        _folder = folder;
        _http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };
    }

    public static async Task<Prometheus> StartAsync(Uri target, string token)
    {
        var binary = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured : "/usr/bin/prometheus";
        if (!File.Exists(binary))
            throw new InvalidOperationException($"Prometheus is not installed at {binary}: ./scripts/test installs Debian's prometheus package ({Variable} names another).");
        var folder = Directory.CreateTempSubdirectory("offerwall-prometheus-").FullName;
        var config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: offerwall
                metrics_path: /metrics
                authorization:
                  type: Bearer
                  credentials: {token}
                static_configs:
                  - targets: ['{target.Authority}']
            """);
        var port = FreePort();
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList =
            {
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder, "data")}", $"--web.listen-address=127.0.0.1:{port}",
                "--log.level=warn",
            },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Prometheus did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var prometheus = new Prometheus(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        await prometheus.WaitAsync(async () => (await prometheus._http.GetAsync("-/ready")).StatusCode == HttpStatusCode.OK, "Prometheus to be ready");
        return prometheus;
    }

    /// <summary>An instant query through Prometheus's HTTP API: each result's labels and value.</summary>
    public async Task<List<(JsonObject Labels, double Value)>> QueryAsync(string promQl)
    {
        var body = JsonNode.Parse(await _http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(promQl)))!;
        if ((string?)body["status"] != "success") throw new InvalidOperationException($"Prometheus refused {promQl}: {body.ToJsonString()}");
        return body["data"]!["result"]!.AsArray()
            .Select(r => (r!["metric"]!.AsObject(), double.Parse((string)r["value"]![1]!, CultureInfo.InvariantCulture))).ToList();
    }

    /// <summary>Polls until <paramref name="condition"/> holds (30 s at most): scrapes come every second.</summary>
    public async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Prometheus exited ({_process.ExitCode}) while waiting for {what}.");
            try
            {
                if (await condition()) return;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited 30 s for {what}.");
            await Task.Delay(250);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _http.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
