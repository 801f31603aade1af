using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Offerwall.Data;
using Offerwall.Partners;

namespace Offerwall.Hosting;

/// <summary>
/// `partners suspend | resume | history` and `users block | unblock`: the same operations as the admin API's (<see cref="Blocking"/>),
/// recorded in the history as "operator (command line)". Doing what is done already (blocking a blocked user) exits 1 and writes nothing.
/// </summary>
public static class BlockingCommands
{
    public static Command Users(IAnsiConsole console) =>
        new("users", "A partner's users: block one (their starts are refused, their conversions held for review) or unblock them.")
        {
            Block(console, true), Block(console, false),
        };

    private static Option<string> Reason() => OperatorOptions.Text("--reason", $"Why, for the history (at most {BlockChange.MaxReasonLength} characters).");

    /// <summary>`partners suspend` (<paramref name="suspend"/>) or `partners resume`.</summary>
    public static Command Suspend(IAnsiConsole console, bool suspend)
    {
        var id = OperatorOptions.Id("--id", "The partner's id.");
        var reason = Reason();
        var description = suspend
            ? "Suspend a partner: its client API and wall refuse, its postbacks wait unsent (its Data API still answers)."
            : "Resume a suspended partner: its client API answers again and its postbacks that waited go out (at the server's next poll).";
        return OperatorAction.Command(suspend ? "suspend" : "resume", description, console, [id, reason], async run =>
        {
            if (Blocking.Validate(run.Get(reason)) is { Count: > 0 } errors) return run.Invalid("The reason is not valid", errors);
            var db = await run.OpenDatabaseAsync();
            var (error, partner) = await Blocking.SuspendAsync(db, run.Get(id), suspend, run.Get(reason), Blocking.CommandLineActor, OperatorRun.Now,
                run.Cancellation);
            switch (error)
            {
                case BlockError.NoPartner:
                    console.MarkupLineInterpolated($"[red]No partner has id {run.Get(id)}.[/]");
                    return OperatorAction.Failed;
                case BlockError.AlreadyDone:
                    console.MarkupLineInterpolated($"[yellow]Partner {run.Get(id)} is {(suspend ? "suspended already" : "not suspended")}: nothing changed.[/]");
                    return OperatorAction.Failed;
            }
            console.MarkupLineInterpolated($"[green]Partner {partner!.Id} ({partner.Name}) {(suspend ? "suspended" : "resumed")}.[/]");
            run.Labelled("Suspended", partner.SuspendedAt is { } at ? $"since {OperatorCommands.Utc(at)} UTC" : "no");
            return 0;
        });
    }

    private static Command Block(IAnsiConsole console, bool block)
    {
        var partnerId = OperatorOptions.Id("--partner-id", "The partner's id.");
        var userId = OperatorOptions.Text("--user-id", "The partner's own id of the user (any case).", required: true);
        var reason = Reason();
        var description = block
            ? "Block a partner's user: their starts are refused; their pending and new conversions are held for review (rule blocked_user)."
            : "Unblock a partner's user: they may start offers again (the conversions the block held stay in the review queue).";
        return OperatorAction.Command(block ? "block" : "unblock", description, console, [partnerId, userId, reason], async run =>
        {
            if (Blocking.Validate(run.Get(reason)) is { Count: > 0 } errors) return run.Invalid("The reason is not valid", errors);
            var db = await run.OpenDatabaseAsync();
            var (partner, user) = (run.Get(partnerId), run.Get(userId));
            var (error, view) = block
                ? await Blocking.BlockUserAsync(db, partner, user, run.Get(reason), Blocking.CommandLineActor, OperatorRun.Now, run.Cancellation)
                : await Blocking.UnblockUserAsync(db, partner, user, run.Get(reason), Blocking.CommandLineActor, OperatorRun.Now, run.Cancellation);
            switch (error)
            {
                case BlockError.NoPartner:
                    console.MarkupLineInterpolated($"[red]No partner has id {partner}.[/]");
                    return OperatorAction.Failed;
                case BlockError.NoUser:
                    console.MarkupLineInterpolated($"[red]Partner {partner} has no user {user}.[/]");
                    return OperatorAction.Failed;
                case BlockError.AlreadyDone:
                    console.MarkupLineInterpolated($"[yellow]User {view!.UserId} is {(block ? "blocked already" : "not blocked")}: nothing changed.[/]");
                    return OperatorAction.Failed;
            }
            console.MarkupLineInterpolated($"[green]User {view!.UserId} of partner {partner} {(block ? "blocked" : "unblocked")}.[/]");
            if (block) run.Labelled("Held for review", view.HeldConversions.ToString(CultureInfo.InvariantCulture));
            return 0;
        });
    }

    /// <summary>`partners history`.</summary>
    public static Command History(IAnsiConsole console)
    {
        var id = OperatorOptions.Id("--id", "The partner's id.");
        var userId = OperatorOptions.Text("--user-id", "Only this user's blocks and unblocks.");
        var limit = OperatorOptions.Count("--limit", "How many, newest first.", 1, Blocking.MaxHistory, 100);
        return OperatorAction.Command("history", "A partner's suspensions and its users' blocks, newest first, with who, why and when.", console,
            [id, userId, limit], async run =>
            {
                var db = await run.OpenDatabaseAsync();
                if (await Blocking.HistoryAsync(db, run.Get(id), run.Get(userId), null, run.Get(limit), run.Cancellation) is not { } rows)
                {
                    console.MarkupLineInterpolated($"[red]No partner has id {run.Get(id)}.[/]");
                    return OperatorAction.Failed;
                }
                if (rows.Count == 0) { console.WriteLine("Nothing yet: no suspension or block."); return 0; }
                var table = new Table().AddColumns("Id", "When (UTC)", "Action", "User", "Who", "Reason");
                foreach (var r in rows)
                    table.AddRow(OperatorCommands.Cell(r.Id), OperatorCommands.Cell(OperatorCommands.Utc(r.At)), OperatorCommands.Cell(r.Action),
                        OperatorCommands.Cell(r.UserId ?? ""), OperatorCommands.Cell(r.Actor), OperatorCommands.Cell(r.Reason));
                console.Write(table);
                return 0;
            });
    }
}
