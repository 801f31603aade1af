using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Offerwall.Faults;

/// <summary>
/// One server node: the server's DLL run as a separate process on 127.0.0.1 (a fixed port, kept across
/// restarts), from its output folder, with the environment scripts/faults exported plus this scenario's
/// connection string. It can be killed the hard way (SIGKILL, as kill -9) and started again.
/// </summary>
public sealed class ServerNode : IAsyncDisposable
{
    private static readonly Lock PidFileLock = new();
    private readonly FaultOptions _options;
    private readonly string _connectionString;
    private readonly Lock _lock = new();
    private readonly List<int> _pids = [];
    private readonly HashSet<int> _killed = [];
    private Process? _process;

    public ServerNode(FaultOptions options, string name, string connectionString)
    {
        _options = options;
        _connectionString = connectionString;
        Name = name;
        Url = new Uri($"http://127.0.0.1:{FreePort()}");
        LogPath = Path.Combine(options.WorkDir, $"server-{name}.log");
    }

    public string Name { get; }
    public Uri Url { get; }
    public string LogPath { get; }
    public int Kills { get; private set; }
    public int Starts { get; private set; }

    /// <summary>Stops that SIGTERM did not finish within 10 s, so that SIGKILL ended them.</summary>
    public int ForcedStops { get; private set; }

    /// <summary>Every process id this node has had (one per start).</summary>
    public IReadOnlyList<int> Pids { get { lock (_lock) return [.. _pids]; } }

    /// <summary>The process ids that were killed with SIGKILL.</summary>
    public bool WasKilled(int pid) { lock (_lock) return _killed.Contains(pid); }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts the process and waits (bounded) until it answers HTTP; it migrates the database first.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            File.AppendAllText(LogPath, $"--- {DateTime.UtcNow:O} start {Starts + 1} (attempt {attempt}) ---{Environment.NewLine}");
            var start = new ProcessStartInfo("/bin/sh")
            {
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(_options.ServerDll)!,
            };
            // exec: the shell becomes the server, so the process id is the server's and SIGKILL hits it, not a shell.
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("exec \"$0\" \"$1\" --urls \"$2\" >>\"$3\" 2>&1");
            start.ArgumentList.Add(DotnetHost());
            start.ArgumentList.Add(_options.ServerDll);
            start.ArgumentList.Add(Url.GetLeftPart(UriPartial.Authority));
            start.ArgumentList.Add(LogPath);
            start.Environment["Database__ConnectionString"] = _connectionString;
            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
            lock (_lock)
            {
                _process = process;
                _pids.Add(process.Id);
            }
            lock (PidFileLock)
                File.AppendAllText(Path.Combine(_options.WorkDir, "server-pids"), process.Id.ToString(CultureInfo.InvariantCulture) + "\n");

            using var probe = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
            var deadline = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
            while (!process.HasExited && Stopwatch.GetTimestamp() < deadline)
            {
                try
                {
                    using var response = await probe.GetAsync("/openapi/v1.json", ct);
                    if (response.IsSuccessStatusCode)
                    {
                        Starts++;
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    // Not listening yet.
                }
                await Task.Delay(100, ct);
            }
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync(ct);
            }
        }
        throw new InvalidOperationException($"Server {Name} did not start; its log ends with:\n{Tail(LogPath)}");
    }

    /// <summary>kill -9: the process gets no chance to finish a request, a transaction or a postback.</summary>
    public void Kill()
    {
        Process? process;
        lock (_lock) process = _process;
        if (process is null || process.HasExited) return;
        process.Kill();   // SIGKILL on Unix
        process.WaitForExit(10_000);
        lock (_lock)
        {
            _killed.Add(process.Id);
            _process = null;
        }
        Kills++;
    }

    /// <summary>A normal stop (SIGTERM, then SIGKILL after 10 s).</summary>
    public async Task StopAsync()
    {
        Process? process;
        lock (_lock)
        {
            process = _process;
            _process = null;
        }
        if (process is null || process.HasExited) return;
        // SIGTERM through kill(1): the server stops as it would under a service manager.
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            process.WaitForExit(5_000);
            ForcedStops++;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>
    /// The entries the server logged at error and warning level (console format: "fail: Category[id]", then
    /// the message and any exception on the lines that follow, indented), each as one string.
    /// </summary>
    public (List<string> Errors, List<string> Warnings) LogEntries()
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        string[] lines;
        try
        {
            lines = File.ReadAllLines(LogPath);
        }
        catch (IOException)
        {
            return (errors, warnings);
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var level = lines[i].Length > 6 ? lines[i][..6] : "";
            if (level is not ("fail: " or "crit: " or "warn: ")) continue;
            var text = new System.Text.StringBuilder(lines[i][6..]);
            for (var j = i + 1; j < lines.Length && lines[j].StartsWith(' '); j++) text.Append(' ').Append(lines[j].Trim());
            (level == "warn: " ? warnings : errors).Add(text.ToString());
        }
        return (errors, warnings);
    }

    public static string Tail(string path, int lines = 30)
    {
        try
        {
            return string.Join('\n', File.ReadLines(path).TakeLast(lines));
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
}
