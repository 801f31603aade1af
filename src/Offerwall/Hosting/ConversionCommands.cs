using System.CommandLine;
using System.Text;
using Spectre.Console;
using static Offerwall.Hosting.OperatorCommands;
using Offerwall.Conversions;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Hosting;

/// <summary>
/// `offerwall conversions …`: list, approve, cancel, reverse and export, through
/// <see cref="ConversionAdmin"/> and <see cref="ConversionLifecycle"/> like the admin API.
/// </summary>
public static class ConversionCommands
{
    /// <summary>Who the history (conversion_changes.actor) says moved a conversion from the command line.</summary>
    public const string Actor = "operator-cli";

    private const int MaxReasonLength = 1000;

    private delegate Task<LifecycleResult> Move(OfferwallDb db, Postbacks.DeliverySignal signal, long id, string actor, string reason, DateTime now, CancellationToken ct);

    public static Command Build(IAnsiConsole console) => new("conversions", "Conversions: their state, the ledger rows that pay them, exports.")
    {
        List(console),
        Moving(console, "approve", "Approve a pending conversion now: writes the ledger row that pays it and queues its postback.", ConversionLifecycle.ApproveAsync),
        Moving(console, "cancel", "Cancel a pending conversion: it is never paid.", ConversionLifecycle.CancelAsync),
        Moving(console, "reverse", "Reverse an approved conversion: writes the ledger row that takes the payment back.", ConversionLifecycle.ReverseAsync),
        Export(console),
    };

    private static Command List(IAnsiConsole console)
    {
        var partnerId = OperatorOptions.OptionalId("--partner-id", "Only this partner's conversions.");
        var status = OperatorOptions.Text("--status", "Only conversions in this state: pending, approved, cancelled or reversed.");
        var limit = OperatorOptions.Count("--limit", "How many, newest first.", 1, ConversionAdmin.MaxLimit, 100);
        return OperatorAction.Command("list", "List conversions, newest first.", console, [partnerId, status, limit], async run =>
        {
            if (!ConversionAdmin.TryParseStatus(run.Get(status), out var state))
                throw new OperatorInputException($"--status must be pending, approved, cancelled or reversed, not '{run.Get(status)}'.");
            var db = await run.OpenDatabaseAsync();
            var conversions = await ConversionAdmin.ListAsync(db, run.Get(partnerId), state, beforeId: null, run.Get(limit), run.Cancellation);
            if (conversions.Count == 0) { console.WriteLine("No conversions match."); return 0; }
            var table = new Table().AddColumns("Id", "Partner", "User", "Offer", "Goal", "Status", "Reward USD", "Reward local", "Payout USD",
                "Created (UTC)", "Hold until (UTC)");
            foreach (var c in conversions)
                table.AddRow(Cell(c.TransactionId), Cell(c.PartnerId), Cell(c.UserId), Cell(c.OfferId), Cell(c.GoalId), Cell(c.Status), Cell(Amount(c.Reward)),
                    Cell(Amount(c.RewardLocal)), Cell(Amount(c.Payout)), Cell(Utc(c.CreatedAt)), Cell(Utc(c.HoldUntil)));
            console.Write(table);
            console.MarkupLineInterpolated($"{conversions.Count} conversions, newest first.");
            return 0;
        });
    }

    private static Command Moving(IAnsiConsole console, string verb, string description, Move move)
    {
        var id = OperatorOptions.Id("--id", "The conversion's id (the transaction_id partners see).");
        var reason = OperatorOptions.Text("--reason", "Why, for the conversion's history.");
        return OperatorAction.Command(verb, description, console, [id, reason], async run =>
        {
            var why = run.Get(reason) ?? "";
            if (why.Length > MaxReasonLength) throw new OperatorInputException($"--reason must be at most {MaxReasonLength} characters.");
            var db = await run.OpenDatabaseAsync();
            // No worker runs in this process: the servers' workers find the queued postback at their next poll.
            var result = await move(db, new Postbacks.DeliverySignal(), run.Get(id), Actor, why, OperatorRun.Now, run.Cancellation);
            var state = result.Status?.ToString().ToLowerInvariant();
            switch (result.Error)
            {
                case LifecycleError.None:
                    console.MarkupLineInterpolated($"[green]Conversion {run.Get(id)} is now {state}.[/]");
                    return 0;
                case LifecycleError.NotFound:
                    console.MarkupLineInterpolated($"[red]No conversion has id {run.Get(id)}.[/]");
                    return OperatorAction.Failed;
                default:
                    console.MarkupLineInterpolated($"[red]Cannot {verb} conversion {run.Get(id)}: it is {state}.[/]");
                    return OperatorAction.Failed;
            }
        });
    }

    private static Command Export(IAnsiConsole console)
    {
        var output = OperatorOptions.Text("--out", "The CSV file to write (replaced if it exists).", required: true);
        var partnerId = OperatorOptions.OptionalId("--partner-id", "Only this partner's ledger rows.");
        var fromDate = OperatorOptions.Day("--from-date", "First Eastern day, YYYY-MM-DD (default: 6 days before --to-date).");
        var toDate = OperatorOptions.Day("--to-date", "Last Eastern day, YYYY-MM-DD (default: today).");
        return OperatorAction.Command("export", "Write ledger rows as CSV, by Eastern days, as GET /admin/conversions/export.csv does.", console,
            [output, partnerId, fromDate, toDate], async run =>
            {
                var today = EasternTime.Today(OperatorRun.Now);
                var (from, to) = EasternTime.DefaultRange(run.Get(fromDate), run.Get(toDate), today);
                if (from > to) throw new OperatorInputException("--from-date must not be after --to-date.");
                var path = Path.GetFullPath(run.Get(output));
                // Written beside the target and moved over it at the end, so a failed export never leaves half a file.
                var partial = path + ".partial";
                var writer = OpenWriter(partial, path);
                long rows = 0;
                try
                {
                    await using (writer)
                    {
                        var db = await run.OpenDatabaseAsync();
                        await console.Progress().Columns(new SpinnerColumn(), new TaskDescriptionColumn()).StartAsync(async progress =>
                        {
                            var task = progress.AddTask("Ledger rows: 0").IsIndeterminate();
                            rows = await ConversionAdmin.ExportCsvAsync(db, run.Get(partnerId), from, to, writer,
                                new InlineProgress<long>(done => task.Description = $"Ledger rows: {done:N0}"), run.Cancellation);
                            task.StopTask();
                        });
                    }
                    File.Move(partial, path, overwrite: true);
                }
                finally
                {
                    File.Delete(partial);
                }
                console.MarkupLineInterpolated(
                    $"[green]Exported {rows} ledger rows ({from:yyyy-MM-dd} to {to:yyyy-MM-dd}, Eastern days) to {path}.[/]");
                return 0;
            });
    }

    internal static StreamWriter OpenWriter(string partial, string path)
    {
        try
        {
            return new StreamWriter(partial, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OperatorInputException($"Cannot write {path}: {e.Message}");
        }
    }
}
