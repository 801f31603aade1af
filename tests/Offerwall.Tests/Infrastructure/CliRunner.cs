using System.CommandLine;
using System.Globalization;
using Offerwall.Hosting;
using Spectre.Console;

namespace Offerwall.Tests.Infrastructure;

/// <summary>Runs the operator command line in-process against a fixture's database and captures what it prints.</summary>
public static class CliRunner
{
    public static async Task<(int Exit, string Output)> RunAsync(AppFixture app, string connectionString, string[] args)
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
        return (exit, output.ToString());
    }
}
