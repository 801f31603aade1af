using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Offerwall.Tests.Infrastructure;

/// <summary>
/// The log of every server the suite starts, in one file, and the secrets those servers held, in
/// another: after the run, scripts/test looks for each secret (and for anything shaped like a
/// server key) in the log, so "secrets are never logged" is checked over the whole suite, not one
/// test. Folder: $OFFERWALL_TEST_LOGS (scripts/test sets it; elsewhere a temporary folder).
/// </summary>
public static class SuiteLog
{
    public const string Variable = "OFFERWALL_TEST_LOGS";

    public static string Folder { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder
        ? folder
        : Path.Combine(Path.GetTempPath(), $"offerwall-test-logs-{Environment.ProcessId}");

    private static readonly Lock Gate = new();
    private static StreamWriter? _log, _secrets;

    static SuiteLog() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        lock (Gate)
        {
            _log?.Flush();
            _secrets?.Flush();
        }
    };

    /// <summary>Sends the server's log (Information and above) to the suite's log file too.</summary>
    public static void Install(WebApplicationBuilder builder)
    {
        builder.Logging.AddProvider(new Provider(new LogRecorder(Write)));
        // Rules for this provider type alone: the fixture's console levels and a test's own LogRecorder keep theirs.
        builder.Logging.AddFilter<Provider>(null, LogLevel.Information);
        builder.Logging.AddFilter<Provider>("Microsoft.EntityFrameworkCore", LogLevel.Warning);
    }

    /// <summary>A provider type of its own, so that its filter rules touch no other recorder.</summary>
    private sealed class Provider(LogRecorder recorder) : ILoggerProvider, ISupportExternalScope
    {
        public ILogger CreateLogger(string categoryName) => recorder.CreateLogger(categoryName);
        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => recorder.SetScopeProvider(scopeProvider);
        public void Dispose() => recorder.Dispose();
    }

    /// <summary>Secrets a server held (advertiser and postback secrets, admin tokens), to look for in the log.</summary>
    public static void Secrets(IEnumerable<string?> values)
    {
        lock (Gate)
        {
            _secrets ??= Open("secrets.txt");
            foreach (var value in values)
                if (!string.IsNullOrEmpty(value)) _secrets.WriteLine(value);
        }
    }

    private static void Write(string line)
    {
        lock (Gate)
        {
            _log ??= Open("suite.log");
            _log.WriteLine(line);
        }
    }

    private static StreamWriter Open(string name)
    {
        Directory.CreateDirectory(Folder);
        return new StreamWriter(Path.Combine(Folder, $"{Environment.ProcessId}-{name}"), append: true);
    }
}
