using System.CommandLine;
using System.CommandLine.Invocation;
using System.Data.Common;
using System.Globalization;
using Spectre.Console;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Hosting;

/// <summary>The operator's input was wrong (a missing file, a file that is not JSON, an invalid value): exit 2 with the message, no stack trace.</summary>
internal sealed class OperatorInputException(string message) : Exception(message);

/// <summary>
/// Runs one operator command. Parse errors are the operator's bad input like any other, so this
/// action takes them over (<see cref="ClearsParseErrors"/>) to answer them with exit code 2 and a
/// plain message, where System.CommandLine would answer 1 with the whole help text.
/// </summary>
internal sealed class OperatorAction(IAnsiConsole console, Func<OperatorRun, Task<int>> run) : AsynchronousCommandLineAction
{
    public const int Failed = 1;
    public const int BadInput = 2;

    public override bool ClearsParseErrors => true;

    /// <summary>A leaf command. Tokens no option claims (--Database:Provider=Postgres …) are configuration, as for `migrate`.</summary>
    public static Command Command(string name, string description, IAnsiConsole console, Option[] options, Func<OperatorRun, Task<int>> run)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false, Action = new OperatorAction(console, run) };
        foreach (var option in options) command.Add(option);
        return command;
    }

    public override async Task<int> InvokeAsync(ParseResult result, CancellationToken ct = default)
    {
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors) console.MarkupLineInterpolated($"[red]{error.Message}[/]");
            console.MarkupLine("Run it with --help to see its options.");
            return BadInput;
        }
        await using var context = new OperatorRun(result, console, ct);
        try
        {
            return await run(context);
        }
        catch (OperatorInputException e)
        {
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return BadInput;
        }
        catch (DbException e)
        {
            console.MarkupLineInterpolated($"[red]Database error: {e.Message}[/]");
            return Failed;
        }
    }
}

/// <summary>One run of an operator command: its parsed options, its console, and the database, opened only once the input is known good.</summary>
internal sealed class OperatorRun(ParseResult result, IAnsiConsole console, CancellationToken ct) : IAsyncDisposable
{
    /// <summary>
    /// A command prints its own outcome; the app's information logs (every SQL statement, wherever
    /// appsettings.json is not found) would bury it, and its keys. Given first, so the operator's
    /// own --Logging:… tokens still win.
    /// </summary>
    private static readonly string[] QuietLogging = ["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Warning"];

    private WebApplication? _app;
    private AsyncServiceScope? _scope;

    public CancellationToken Cancellation => ct;

    /// <summary>The command line always runs on the real clock (the server's is the same <see cref="TimeProvider.System"/>).</summary>
    public static DateTime Now => TimeProvider.System.GetUtcNow().UtcDateTime;

    public T Get<T>(Option<T> option) => result.GetValue(option)!;

    /// <summary>
    /// Builds the app exactly as the server does (same configuration: appsettings, environment and
    /// the unmatched tokens), brings the schema up to date, and hands out a scoped context.
    /// </summary>
    public async Task<OfferwallDb> OpenDatabaseAsync()
    {
        try
        {
            _app = OfferwallApp.Build([.. QuietLogging, .. result.UnmatchedTokens]);
        }
        catch (InvalidOperationException e)
        {
            throw new OperatorInputException($"The configuration is not valid: {e.Message}");
        }
        try
        {
            await Database.MigrateAsync(_app.Services, ct);
        }
        catch (ArgumentException e)
        {
            throw new OperatorInputException($"Database:ConnectionString is not valid: {e.Message}");
        }
        _scope = _app.Services.CreateAsyncScope();
        return _scope.Value.ServiceProvider.GetRequiredService<OfferwallDb>();
    }

    /// <summary>Writes secrets and ids on a line of their own, unwrapped, so they copy exactly whatever the terminal's width.</summary>
    public void Labelled(string label, string value) => console.Profile.Out.Writer.WriteLine($"  {label + ":",-24}{value}");

    /// <summary>Each validation error of a shared operation on its own line; exit code 2.</summary>
    public int Invalid(string what, Dictionary<string, string[]> errors)
    {
        console.MarkupLineInterpolated($"[red]{what}: {errors.Count} {(errors.Count == 1 ? "error" : "errors")}, nothing was written.[/]");
        foreach (var (field, messages) in errors)
            foreach (var message in messages)
                console.MarkupLineInterpolated($"  [red]{field}[/]: {message}");
        return OperatorAction.BadInput;
    }

    public async ValueTask DisposeAsync()
    {
        if (_scope is { } scope) await scope.DisposeAsync();
        if (_app is not null) await _app.DisposeAsync();
    }
}

/// <summary>
/// The options' parsers: invariant culture whatever the operator's locale (so "0.5" is never five),
/// and a message that names the option and the value, reported as bad input (exit 2).
/// </summary>
internal static class OperatorOptions
{
    private delegate bool TryParse<T>(string text, out T value);

    public static Option<string> Text(string name, string description, bool required = false) =>
        new(name) { Description = description, Required = required };

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    public static Option<long> Id(string name, string description) =>
        Parsed<long>(name, description, "a whole number", TryId, required: true);

    public static Option<long?> OptionalId(string name, string description) =>
        Optional<long>(name, description, "a whole number", TryId);

    public static Option<decimal> Number(string name, string description, decimal? byDefault = null)
    {
        var option = Parsed<decimal>(name, description, "a number such as 0.5", TryNumber, required: byDefault is null);
        if (byDefault is { } value) option.DefaultValueFactory = _ => value;
        return option;
    }

    public static Option<int> Count(string name, string description, int min, int max, int byDefault)
    {
        var option = Parsed<int>(name, description, $"a whole number from {min} to {max}",
            (string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max,
            required: false);
        option.DefaultValueFactory = _ => byDefault;
        return option;
    }

    /// <summary>An ISO 8601 instant; without an offset it is UTC (never the machine's zone).</summary>
    public static Option<DateTime> Instant(string name, string description) =>
        Parsed<DateTime>(name, description, "an ISO 8601 date and time such as 2026-12-01T00:00:00Z", (string text, out DateTime value) =>
        {
            value = default;
            return text.Length >= 10 && text[4] == '-' && text[7] == '-' && char.IsAsciiDigit(text[0]) &&
                DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
        }, required: true);

    /// <summary>A calendar day, YYYY-MM-DD, in the years the Eastern-time conversions handle.</summary>
    public static Option<DateOnly?> Day(string name, string description) =>
        Optional<DateOnly>(name, description, "a day written YYYY-MM-DD", (string text, out DateOnly day) => EasternTime.TryParseDay(text, out day));

    private static bool TryId(string text, out long value) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool TryNumber(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static Option<T> Parsed<T>(string name, string description, string expected, TryParse<T> parse, bool required) => new(name)
    {
        Description = description,
        Required = required,
        CustomParser = argument =>
        {
            var text = argument.Tokens.Count == 1 ? argument.Tokens[0].Value : "";
            if (parse(text, out var value)) return value;
            argument.AddError($"{name} must be {expected}, not '{text}'.");
            return default!;
        },
    };

    private static Option<T?> Optional<T>(string name, string description, string expected, TryParse<T> parse) where T : struct =>
        Parsed<T?>(name, description, expected, (string text, out T? value) =>
        {
            var ok = parse(text, out var parsed);
            value = ok ? parsed : null;
            return ok;
        }, required: false);
}

/// <summary>Reports on the caller's thread: <see cref="Progress{T}"/> posts to the thread pool, so its last report could land after the display ends.</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
