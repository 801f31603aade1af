using System.CommandLine;
using Spectre.Console;
using Offerwall.Data;

namespace Offerwall.Hosting;

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

    public T Get<T>(Argument<T> argument) => result.GetValue(argument)!;

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

    /// <summary>A service of the app <see cref="OpenDatabaseAsync"/> built (the server's singletons, with its configuration).</summary>
    public T Service<T>() where T : notnull => _scope!.Value.ServiceProvider.GetRequiredService<T>();

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
