using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Offerwall.Offers;

namespace Offerwall.Hosting;

/// <summary>
/// `offers list | show | pause | resume`: each offer's delivery state (budget_status and why, caps left, budget spent), as
/// GET /admin/offers shows it (<see cref="OfferStates"/>), and the operator's pause.
/// </summary>
public static class OfferCommands
{
    public static Command List(IAnsiConsole console) =>
        OperatorAction.Command("list", "List every offer with its status (active, capped, scheduled, paused), why, and its caps today and in all.", console, [],
            async run =>
            {
                var db = await run.OpenDatabaseAsync();
                var offers = await OfferStates.ListAsync(db, OperatorRun.Now, run.Cancellation);
                if (offers.Count == 0) { console.WriteLine("No offers yet: add some with `offerwall offers import`."); return 0; }
                var table = new Table().AddColumns("Id", "Name", "Status", "Why", "Today", "In all");
                foreach (var o in offers)
                    table.AddRow(Cell(o.Id), Cell(o.Name), Cell(o.BudgetStatus), Cell(o.PausedReason ?? ""), Cell(Period(o.Today)), Cell(Period(o.Total)));
                console.Write(table);
                return 0;
            });

    public static Command Show(IAnsiConsole console)
    {
        var id = OperatorOptions.Text("--id", "The offer's id.", required: true);
        return OperatorAction.Command("show", "Show one offer's status, targeting, schedule, caps and budgets.", console, [id], async run =>
        {
            var db = await run.OpenDatabaseAsync();
            if (await OfferStates.ShowAsync(db, run.Get(id), OperatorRun.Now, run.Cancellation) is not { } o)
            {
                console.MarkupLineInterpolated($"[red]No offer has id {run.Get(id)}.[/]");
                return OperatorAction.Failed;
            }
            Print(run, o);
            return 0;
        });
    }

    /// <summary>`offers pause` (<paramref name="pause"/>) or `offers resume`.</summary>
    public static Command Pause(IAnsiConsole console, bool pause)
    {
        var id = OperatorOptions.Text("--id", "The offer's id.", required: true);
        var description = pause
            ? "Pause an offer: it leaves every list and start refuses it until resumed (a re-import does not resume it)."
            : "Resume an offer the operator paused.";
        return OperatorAction.Command(pause ? "pause" : "resume", description, console, [id], async run =>
        {
            var db = await run.OpenDatabaseAsync();
            if (!await OfferStates.SetPausedAsync(db, run.Get(id), pause, run.Cancellation))
            {
                console.MarkupLineInterpolated($"[red]No offer has id {run.Get(id)}.[/]");
                return OperatorAction.Failed;
            }
            var o = (await OfferStates.ShowAsync(db, run.Get(id), OperatorRun.Now, run.Cancellation))!;
            console.MarkupLineInterpolated($"[green]Offer {o.Id} {(pause ? "paused" : "resumed")}: it is now {o.BudgetStatus}.[/]");
            Print(run, o);
            return 0;
        });
    }

    /// <summary>The edit file is read as PATCH /admin/offers/{id} reads its body: web defaults, snake_case keys.</summary>
    private static readonly JsonSerializerOptions EditJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>`offers edit --id X --file edit.json`: the body of PATCH /admin/offers/{id} (targeting, schedule, caps, over_cap) from a file.</summary>
    public static Command Edit(IAnsiConsole console)
    {
        var id = OperatorOptions.Text("--id", "The offer's id.", required: true);
        var file = OperatorOptions.Text("--file", "A JSON object written as for PATCH /admin/offers/{id}: targeting, schedule, caps, over_cap.", required: true);
        return OperatorAction.Command("edit", "Change an offer's targeting, schedule, caps or over-cap rule; each group in the file replaces that group.", console,
            [id, file], async run =>
            {
                var edit = await ReadEditAsync(run.Get(file), run.Cancellation);
                var db = await run.OpenDatabaseAsync();
                var (found, errors) = await OfferAdmin.EditAsync(db, run.Get(id), edit, run.Cancellation);
                if (!found)
                {
                    console.MarkupLineInterpolated($"[red]No offer has id {run.Get(id)}.[/]");
                    return OperatorAction.Failed;
                }
                if (errors.Count > 0) return run.Invalid("The edit is not valid", errors);
                var o = (await OfferStates.ShowAsync(db, run.Get(id), OperatorRun.Now, run.Cancellation))!;
                console.MarkupLineInterpolated($"[green]Offer {o.Id} updated: it is now {o.BudgetStatus}.[/]");
                Print(run, o);
                return 0;
            });
    }

    private static Task<OfferEdit> ReadEditAsync(string path, CancellationToken ct) => JsonFile.ReadAsync<OfferEdit>(path, EditJson, "an offer edit", ct);

    private static void Print(OperatorRun run, OfferStateView o)
    {
        run.Labelled("Offer", $"{o.Id} ({o.Name})");
        run.Labelled("Status", o.BudgetStatus + (o.PausedReason is { } why ? $": {why}" : ""));
        run.Labelled("Countries", o.Countries.Count == 0 ? "all" : string.Join(", ", o.Countries));
        if (o.ExcludedCountries.Count > 0) run.Labelled("Excluded countries", string.Join(", ", o.ExcludedCountries));
        run.Labelled("Platforms", o.Platforms.Count == 0 ? "all" : string.Join(", ", o.Platforms));
        if (o.MinOsVersion is not null || o.MaxOsVersion is not null) run.Labelled("OS versions", $"{o.MinOsVersion ?? "any"} to {o.MaxOsVersion ?? "any"}");
        var starts = o.StartsAt is { } s ? OperatorCommands.Utc(s) + " UTC" : "always";
        run.Labelled("Schedule", $"{starts} to {(o.EndsAt is { } e ? OperatorCommands.Utc(e) + " UTC" : "open-ended")}");
        run.Labelled("Over a cap", o.OverCap == "hold" ? "hold for the operator" : "cancel (over_cap)");
        run.Labelled("Cap days in", o.CapTimeZone);
        run.Labelled("Today", Period(o.Today));
        run.Labelled("In all", Period(o.Total));
        foreach (var g in o.Goals) run.Labelled("Goal " + g.GoalId, $"today {Period(g.Today)}; in all {Period(g.Total)}");
    }

    /// <summary>"3 of 10 conversions (7 left), 4.5 of 100 USD spent (95.5 left)"; "no cap" when there is none.</summary>
    private static string Period(CapPeriodView? p)
    {
        if (p is null) return "no cap";
        var parts = new List<string>();
        parts.Add(p.ConversionsCap is { } cap ? $"{p.Conversions} of {cap} conversions ({p.ConversionsLeft} left)" : $"{p.Conversions} conversions");
        parts.Add(p.Budget is { } budget
            ? $"{OperatorCommands.Amount(p.Spent)} of {OperatorCommands.Amount(budget)} USD spent ({OperatorCommands.Amount(p.BudgetLeft ?? 0)} left)"
            : $"{OperatorCommands.Amount(p.Spent)} USD spent");
        return string.Join(", ", parts);
    }

    private static Text Cell(object value) => new(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
}
