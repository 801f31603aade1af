using System.CommandLine;
using System.CommandLine.Invocation;
using System.Data.Common;
using Spectre.Console;

namespace Offerwall.Hosting;

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
