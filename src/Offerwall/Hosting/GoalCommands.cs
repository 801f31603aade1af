using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Offerwall.Offers;

namespace Offerwall.Hosting;

/// <summary>
/// `offers goals list | pause | resume | edit`: the same operations as GET /admin/offers/{id}/goals, POST …/goals/{goal_id}/pause and
/// /resume, and PATCH …/goals/{goal_id} (<see cref="GoalAdmin"/>); an option left out keeps its value.
/// </summary>
public static class GoalCommands
{
    public static Command Build(IAnsiConsole console) =>
        new("goals", "One offer's goals: list them, pause or resume one, edit one.") { List(console), Pause(console, true), Pause(console, false), Edit(console) };

    private static Option<string> OfferId() => OperatorOptions.Text("--id", "The offer's id.", required: true);

    private static Option<string> GoalId() =>
        OperatorOptions.Text("--goal", "The goal's id: its goal_id (as `offers goals list` shows it) or its id in the import.", required: true);

    private static Command List(IAnsiConsole console)
    {
        var id = OfferId();
        return OperatorAction.Command("list", "List an offer's goals in their order: payout, reward, hold, caps and whether each is paused.", console, [id],
            async run =>
            {
                var db = await run.OpenDatabaseAsync();
                if (await GoalAdmin.ListAsync(db, run.Get(id), run.Cancellation) is not { } goals)
                {
                    console.MarkupLineInterpolated($"[red]No offer has id {run.Get(id)}.[/]");
                    return OperatorAction.Failed;
                }
                var table = new Table().AddColumns("Goal", "Name", "Payout", "Reward", "Kind", "Hold", "Time limit", "Caps", "Paused");
                foreach (var g in goals)
                    table.AddRow(Cell(g.Id), Cell(g.Name), Cell(OperatorCommands.Amount(g.Payout)), Cell(OperatorCommands.Amount(g.Reward)), Cell(g.Kind),
                        Cell($"{g.HoldHours} h"), Cell(g.TimeLimitHours is { } h ? $"{h} h" : "the offer's"), Cell(Caps(g.Caps)), Cell(g.Paused ? "paused" : "no"));
                console.Write(table);
                return 0;
            });
    }

    /// <summary>`offers goals pause` (<paramref name="pause"/>) or `offers goals resume`.</summary>
    private static Command Pause(IAnsiConsole console, bool pause)
    {
        var (id, goal) = (OfferId(), GoalId());
        var description = pause
            ? "Pause one goal: users are no longer offered it, the offer stays with its other goals (a re-import does not resume it)."
            : "Resume a goal the operator paused.";
        return OperatorAction.Command(pause ? "pause" : "resume", description, console, [id, goal], async run =>
        {
            var db = await run.OpenDatabaseAsync();
            if (await GoalAdmin.SetPausedAsync(db, run.Get(id), run.Get(goal), pause, run.Cancellation) is not { } g) return Missing(console, run, id, goal);
            console.MarkupLineInterpolated($"[green]Goal {g.Id} {(pause ? "paused" : "resumed")}.[/]");
            Print(run, g);
            return 0;
        });
    }

    /// <summary>The edit file is read as PATCH /admin/offers/{id}/goals/{goal_id} reads its body: web defaults, snake_case keys.</summary>
    private static readonly JsonSerializerOptions EditJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static Command Edit(IAnsiConsole console)
    {
        var (id, goal) = (OfferId(), GoalId());
        var name = OperatorOptions.Text("--name", "The goal's new name (shown to users).");
        var payout = OperatorOptions.Text("--payout", "What the advertiser pays for it, USD.");
        var reward = OperatorOptions.Text("--reward", "What the user earns for it, USD.");
        var hold = OperatorOptions.Text("--hold-hours", "Hours its conversions stay pending before approval (0: approved at once).");
        var limit = OperatorOptions.Text("--time-limit-hours", "Hours from the click to reach it; 0: the offer's limit.");
        var file = OperatorOptions.Text("--file", "A JSON object written as for PATCH /admin/offers/{id}/goals/{goal_id} (caps go here); the options above win.");
        return OperatorAction.Command("edit", "Change a goal's name, payout, reward, hold, time limit or caps; what is left out keeps its value.", console,
            [id, goal, name, payout, reward, hold, limit, file], async run =>
            {
                var edit = run.Get(file) is { } path ? await ReadEditAsync(path, run.Cancellation) : new GoalEdit();
                var errors = new Dictionary<string, string[]>();
                edit = edit with
                {
                    Name = run.Get(name) ?? edit.Name,
                    Payout = Number(run.Get(payout), "payout", errors) ?? edit.Payout,
                    Reward = Number(run.Get(reward), "reward", errors) ?? edit.Reward,
                    HoldHours = Whole(run.Get(hold), "hold_hours", errors) ?? edit.HoldHours,
                    TimeLimitHours = Whole(run.Get(limit), "time_limit_hours", errors) ?? edit.TimeLimitHours,
                };
                if (errors.Count > 0) return run.Invalid("The edit is not valid", errors);
                var db = await run.OpenDatabaseAsync();
                var (g, invalid) = await GoalAdmin.EditAsync(db, run.Get(id), run.Get(goal), edit, run.Cancellation);
                if (g is null) return Missing(console, run, id, goal);
                if (invalid.Count > 0) return run.Invalid("The edit is not valid", invalid);
                console.MarkupLineInterpolated($"[green]Goal {g.Id} updated.[/]");
                Print(run, g);
                return 0;
            });
    }

    private static Task<GoalEdit> ReadEditAsync(string path, CancellationToken ct) => JsonFile.ReadAsync<GoalEdit>(path, EditJson, "a goal edit", ct);

    private static decimal? Number(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null) return null;
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        errors[field] = [$"'{text}' is not a number such as 0.5."];
        return null;
    }

    private static int? Whole(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        errors[field] = [$"'{text}' is not a whole number."];
        return null;
    }

    private static int Missing(IAnsiConsole console, OperatorRun run, Option<string> id, Option<string> goal)
    {
        console.MarkupLineInterpolated($"[red]Offer {run.Get(id)} has no goal {run.Get(goal)}.[/]");
        return OperatorAction.Failed;
    }

    private static void Print(OperatorRun run, OfferGoalView g)
    {
        run.Labelled("Goal", $"{g.Id} ({g.Name})");
        run.Labelled("Status", g.Paused ? "paused by the operator" : "offered");
        run.Labelled("Payout", OperatorCommands.Amount(g.Payout) + " USD");
        run.Labelled("Reward", OperatorCommands.Amount(g.Reward) + " USD");
        run.Labelled("Hold", $"{g.HoldHours} hours");
        run.Labelled("Time limit", g.TimeLimitHours is { } h ? $"{h} hours" : "the offer's");
        run.Labelled("Caps", Caps(g.Caps));
    }

    /// <summary>"5 a day, 100 in all, 20 USD a day"; "none".</summary>
    private static string Caps(GoalCapsSet c)
    {
        var parts = new List<string>();
        if (c.DailyConversions is { } daily) parts.Add($"{daily} a day");
        if (c.TotalConversions is { } total) parts.Add($"{total} in all");
        if (c.DailyBudget is { } dailyBudget) parts.Add($"{OperatorCommands.Amount(dailyBudget)} USD a day");
        if (c.TotalBudget is { } totalBudget) parts.Add($"{OperatorCommands.Amount(totalBudget)} USD in all");
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    private static Text Cell(object value) => new(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
}
