namespace Offerwall.Bench;

/// <summary>CPU time (user + system) a process has used so far: /proc/PID/stat, read by .NET.</summary>
public static class Cpu
{
    public static TimeSpan? Of(int? pid)
    {
        if (pid is not { } id) return null;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(id);
            return process.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    public static TimeSpan? Since(int? pid, TimeSpan? before) => Of(pid) - before;
}
