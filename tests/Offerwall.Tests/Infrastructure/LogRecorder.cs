using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Offerwall.Tests.Infrastructure;

/// <summary>
/// A logger provider that keeps every line the server logs, at Debug and above in every category
/// (the app's own, ASP.NET Core's, EF Core's, HttpClient's), with the message, its template
/// arguments, scopes and any exception text, so a test can scan all of it for secrets. The
/// console keeps the fixture's usual levels.
/// </summary>
public sealed class LogRecorder(Action<string>? write = null) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    private readonly Action<string>? _write = write;

    /// <summary>The lines kept (none when the recorder writes them elsewhere).</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Adds this recorder to the server being built.</summary>
    public void Install(WebApplicationBuilder builder)
    {
        builder.Logging.AddProvider(this);
        // A rule for this provider alone beats the fixture's general "Warning" (and EF Core's "None").
        builder.Logging.AddFilter<LogRecorder>(null, LogLevel.Debug);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var line = new System.Text.StringBuilder($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)}");
            // The raw arguments too: a value that the message template leaves out still counts.
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                foreach (var (key, value) in values) line.Append(" | ").Append(key).Append('=').Append(value);
            owner._scopes.ForEachScope((scope, builder) => builder.Append(" => ").Append(scope), line);
            if (exception is not null) line.Append('\n').Append(exception);
            if (owner._write is { } write) write(line.ToString());
            else owner._lines.Enqueue(line.ToString());
        }
    }
}
