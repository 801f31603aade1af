using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Offerwall.Data;
using Offerwall.Demo;

namespace Offerwall.Hosting;

/// <summary>
/// The command line. Any token a command does not know (--urls, --Database:Provider=postgres …)
/// is passed on as configuration, exactly as `dotnet run -- …` would.
/// </summary>
public static class Cli
{
    /// <param name="console">Where the operator commands write; tests pass one that records.</param>
    public static RootCommand Build(IAnsiConsole? console = null)
    {
        var root = new RootCommand("Offerwall: an offerwall server. With no command, runs the server.") { TreatUnmatchedTokensAsErrors = false };
        root.SetAction((result, ct) => ServeAsync(Rest(result), ct));

        var serve = new Command("serve", "Run the server (the default).") { TreatUnmatchedTokensAsErrors = false };
        serve.SetAction((result, ct) => ServeAsync(Rest(result), ct));
        root.Add(serve);

        var migrate = new Command("migrate", "Create the database or bring its schema up to date, then exit.") { TreatUnmatchedTokensAsErrors = false };
        migrate.SetAction(async (result, ct) =>
        {
            await using var app = OfferwallApp.Build(Rest(result));
            await Database.MigrateAsync(app.Services, ct);
            AnsiConsole.MarkupLine("[green]Database is up to date.[/]");
            return 0;
        });
        root.Add(migrate);

        var rows = new Option<int>("--rows") { Description = "Ledger rows to generate.", DefaultValueFactory = _ => DemoData.DefaultRows };
        var demo = new Command("demo", "Fill an empty database with deterministic demo data, then exit.") { rows };
        demo.TreatUnmatchedTokensAsErrors = false;
        demo.SetAction(async (result, ct) =>
        {
            var count = result.GetValue(rows);
            if (count < 1) { AnsiConsole.MarkupLine("[red]--rows must be at least 1.[/]"); return 2; }
            await using var app = OfferwallApp.Build(Rest(result));
            await Database.MigrateAsync(app.Services, ct);
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OfferwallDb>();
            if (await db.Partners.AnyAsync(ct)) { AnsiConsole.MarkupLine("[red]The database is not empty; demo data goes only into an empty one.[/]"); return 1; }
            await AnsiConsole.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("Ledger rows", maxValue: count);
                await new DemoData(db, TimeProvider.System).GenerateAsync(count, new Progress<(long Done, long Total)>(p => task.Value = p.Done), ct);
                task.Value = count;
            });
            AnsiConsole.MarkupLine($"[green]Demo data ready: {count:N0} ledger rows.[/]");
            return 0;
        });
        root.Add(demo);
        OperatorCommands.AddTo(root, console ?? AnsiConsole.Console);
        return root;
    }

    private static string[] Rest(ParseResult result) => result.UnmatchedTokens.ToArray();

    private static async Task<int> ServeAsync(string[] args, CancellationToken ct)
    {
        await using var app = OfferwallApp.Build(args);
        await OfferwallApp.PrepareAsync(app, ct);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value.Enabled)
                Console.WriteLine(DemoBanner.Text(app.Urls.FirstOrDefault() ?? OfferwallApp.DefaultUrl, Database.Describe(app.Services),
                    app.Services.GetRequiredService<Admin.AdminToken>().IsDemo, OfferwallApp.DescribeGeo(app.Services)));
        });
        await app.RunAsync(ct);
        return 0;
    }
}
