using System.Globalization;

namespace Offerwall.Bench;

/// <summary>The peak resident memory of the server (and of the baseline server) over one phase, in kB.</summary>
public sealed record PhaseMemory(string Phase, long ServerPeakKb, long? BaselinePeakKb, bool ServerAlive);

/// <summary>
/// Samples the server's resident memory (VmRSS in /proc/PID/status) every 20 ms. A 20 ms sample can
/// miss a short spike, so each phase also resets the kernel's own peak (VmHWM, by writing 5 to
/// /proc/PID/clear_refs) at its start and reads it at its end; the larger of the two is reported.
/// The reset only touches that counter, nothing the server can see.
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly int _serverPid;
    private readonly int? _baselinePid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _lock = new();
    private long _serverPeak;
    private long _baselinePeak;

    public MemorySampler(int serverPid, int? baselinePid)
    {
        _serverPid = serverPid;
        _baselinePid = baselinePid;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Current VmRSS of the server in kB, or null when it is gone.</summary>
    public long? ServerRssKb() => Read(_serverPid, "VmRSS:");

    public bool ServerAlive => Directory.Exists($"/proc/{_serverPid}");

    /// <summary>Starts a phase: the peaks so far are forgotten.</summary>
    public Phase Begin(string name)
    {
        var serverReset = ResetPeak(_serverPid);
        var baselineReset = _baselinePid is { } b && ResetPeak(b);
        lock (_lock)
        {
            _serverPeak = ServerRssKb() ?? 0;
            _baselinePeak = _baselinePid is { } pid ? Read(pid, "VmRSS:") ?? 0 : 0;
        }
        return new Phase(this, name, serverReset, baselineReset);
    }

    public sealed class Phase(MemorySampler sampler, string name, bool serverReset, bool baselineReset)
    {
        public PhaseMemory End()
        {
            long server, baseline;
            lock (sampler._lock) (server, baseline) = (sampler._serverPeak, sampler._baselinePeak);
            if (serverReset && Read(sampler._serverPid, "VmHWM:") is { } hwm) server = Math.Max(server, hwm);
            if (baselineReset && Read(sampler._baselinePid!.Value, "VmHWM:") is { } bhwm) baseline = Math.Max(baseline, bhwm);
            return new PhaseMemory(name, server, sampler._baselinePid is null ? null : baseline, sampler.ServerAlive);
        }
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var server = ServerRssKb() ?? 0;
                var baseline = _baselinePid is { } pid ? Read(pid, "VmRSS:") ?? 0 : 0;
                lock (_lock)
                {
                    _serverPeak = Math.Max(_serverPeak, server);
                    _baselinePeak = Math.Max(_baselinePeak, baseline);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A "Name:   123 kB" line of /proc/PID/status, in kB.</summary>
    private static long? Read(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
                var number = line[field.Length..].Trim().Split(' ')[0];
                return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb : null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
