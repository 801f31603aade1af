using System.CommandLine;
using System.Globalization;
using Offerwall.Hosting;
using Spectre.Console;

namespace Offerwall.Tests.Infrastructure;

/// <summary>Runs the operator command line in-process against a fixture's database and captures what it prints.</summary>
public static class CliRunner
{
    public static async Task<CliRun> RunAsync(AppFixture app, string connectionString, string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var writer = TextWriter.Synchronized(output);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 250;
        string[] database = [$"--Database:Provider={app.Provider}", $"--Database:ConnectionString={connectionString}"];
        var exit = await Cli.Build(console).Parse([.. args, .. database]).InvokeAsync(new InvocationConfiguration { Output = writer, Error = writer });
        return new CliRun(exit, output.ToString());
    }

    /// <summary>Runs a command that must exit 0 (the failure shows what it printed).</summary>
    public static async Task<CliRun> SucceedsAsync(AppFixture app, string connectionString, string[] args)
    {
        var run = await RunAsync(app, connectionString, args);
        Assert.True(run.Exit == 0, $"offerwall {string.Join(' ', args)} exited {run.Exit}:\n{run.Output}");
        return run;
    }
}
