using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Offerwall.Data;
using Offerwall.Reports;

namespace Offerwall.Hosting;

/// <summary>
/// `offerwall archive --before YYYY-MM` and `offerwall archive restore FILE…`: retention of the PostgreSQL ledger's monthly
/// partitions (<see cref="LedgerArchive"/>, docs/operations.md "Retention"). Exit codes: 0 done, 1 refused or failed, 2 bad input.
/// </summary>
public static class ArchiveCommands
{
    public static Command Build(IAnsiConsole console)
    {
        var before = OperatorOptions.Text("--before", "Archive every month before this one, YYYY-MM (at latest the current month, UTC).", required: true);
        var to = OperatorOptions.Text("--to", "The folder the exports are written to (default: ./archive).");
        var dryRun = OperatorOptions.Flag("--dry-run", "Only list the months that would be archived, with their rows.");
        var archive = OperatorAction.Command("archive",
            "Export whole months of the ledger before a month to gzip CSV with SHA-256 checksums, then detach them (PostgreSQL).", console,
            [before, to, dryRun], async run =>
            {
                if (!DateOnly.TryParseExact(run.Get(before), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
                    throw new OperatorInputException("--before must be a month, YYYY-MM, e.g. 2026-01.");
                var now = OperatorRun.Now;
                var current = new DateOnly(now.Year, now.Month, 1);
                if (first > current)
                    throw new OperatorInputException($"--before {first:yyyy-MM} is after the current month ({current:yyyy-MM}): only months that are over can be archived.");
                var directory = Path.GetFullPath(run.Get(to) is { Length: > 0 } folder ? folder : "archive");
                var db = await run.OpenDatabaseAsync();
                if (!db.Database.IsNpgsql()) return NotPostgres(console);
                var months = await LedgerArchive.MonthsBeforeAsync(db, first, run.Cancellation);
                if (months.Count == 0) { console.MarkupLineInterpolated($"No month of the ledger before {first:yyyy-MM} is left to archive."); return 0; }
                console.MarkupLineInterpolated(
                    $"{months.Count} {(months.Count == 1 ? "month" : "months")} before {first:yyyy-MM}, {months.Sum(m => m.Rows):N0} ledger rows, to {directory}:");
                foreach (var m in months) console.MarkupLineInterpolated($"  {m.First:yyyy-MM}  {m.Rows,12:N0} rows  → {m.FileName}");
                if (run.Get(dryRun)) { console.MarkupLine("Dry run: nothing was written."); return 0; }

                var done = new List<LedgerArchive.Outcome>();
                var failed = await FailsAsync(console, () => console.Progress().StartAsync(async progress =>
                {
                    foreach (var month in months)
                    {
                        var task = progress.AddTask($"{month.First:yyyy-MM}", maxValue: Math.Max(1, month.Rows));
                        // The reports keep the month: its hours are added up and stored before its rows go.
                        var from = ReportZone.HourOf(month.First.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
                        var until = ReportZone.HourOf(month.First.AddMonths(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
                        await ReportRollups.EnsureAsync(db, from, until, run.Cancellation);
                        done.Add(await LedgerArchive.ExportAndDetachAsync(db, month, directory,
                            new InlineProgress<long>(rows => task.Value = rows), run.Cancellation));
                        task.Value = task.MaxValue;
                    }
                }));
                foreach (var o in done)
                    console.MarkupLineInterpolated($"[green]{o.Month:yyyy-MM}: {o.Rows:N0} rows in {o.File} (sha256 {o.Sha256}); the month is detached.[/]");
                if (done.Count > 0)
                {
                    console.MarkupLine("Undo with: offerwall archive restore FILE-OR-FOLDER (each .sha256 file must sit beside its export).");
                    console.MarkupLine("Running servers keep the Data API's counts of the hours they already read: restart them to drop the archived rows from totals.");
                }
                return failed ? OperatorAction.Failed : 0;
            });
        archive.Add(Restore(console));
        return archive;
    }

    private static Command Restore(IAnsiConsole console)
    {
        var target = new Argument<string>("path")
        {
            Description = "An export written by `offerwall archive` (ledger-YYYY-MM.csv.gz), or a folder: every export in it, oldest first.",
        };
        var command = OperatorAction.Command("restore", "Put archived months back into the ledger from their exports, after checking their checksums.", console,
            [], async run =>
            {
                var given = run.Get(target);
                if (string.IsNullOrWhiteSpace(given)) throw new OperatorInputException("Name an export (ledger-YYYY-MM.csv.gz) or a folder of them.");
                var path = Path.GetFullPath(given);
                var folder = Directory.Exists(path);
                string[] paths = folder ? [.. Directory.GetFiles(path, "ledger-*.csv.gz").Where(f => LedgerArchive.IsExportName(f, out _)).Order(StringComparer.Ordinal)]
                    : [path];
                if (folder && paths.Length == 0) throw new OperatorInputException($"{path} holds no export (ledger-YYYY-MM.csv.gz).");
                if (!folder && !File.Exists(path)) throw new OperatorInputException($"{path} does not exist.");
                if (!folder && !LedgerArchive.IsExportName(path, out _))
                    throw new OperatorInputException($"{Path.GetFileName(path)} is not an archived month: its name must be ledger-YYYY-MM.csv.gz.");
                var db = await run.OpenDatabaseAsync();
                if (!db.Database.IsNpgsql()) return NotPostgres(console);
                var done = new List<LedgerArchive.Outcome>();
                var skipped = new List<string>();
                var failed = await FailsAsync(console, () => console.Progress().StartAsync(async progress =>
                {
                    foreach (var file in paths)
                    {
                        // A folder may hold months already back: those are left as they are.
                        if (folder && LedgerArchive.IsExportName(file, out var month) && await LedgerArchive.IsInLedgerAsync(db, month, run.Cancellation))
                        {
                            skipped.Add($"{month:yyyy-MM}");
                            continue;
                        }
                        var task = progress.AddTask(Path.GetFileName(file), maxValue: 1);
                        task.IsIndeterminate = true;
                        done.Add(await LedgerArchive.RestoreAsync(db, file,
                            new InlineProgress<long>(rows => task.Description = $"{Path.GetFileName(file)}: {rows:N0} rows"), run.Cancellation));
                        task.IsIndeterminate = false;
                        task.Value = 1;
                    }
                }));
                foreach (var o in done)
                    console.MarkupLineInterpolated($"[green]{o.Month:yyyy-MM}: {o.Rows:N0} rows are back in the ledger (sha256 {o.Sha256} checked).[/]");
                if (skipped.Count > 0) console.MarkupLineInterpolated($"Already in the ledger, left as they are: {string.Join(", ", skipped)}.");
                return failed ? OperatorAction.Failed : 0;
            });
        command.Add(target);
        return command;
    }

    /// <summary>Runs the work; an export or a database step that fails is printed as the operator's reason, not a stack trace. True when it failed.</summary>
    private static async Task<bool> FailsAsync(IAnsiConsole console, Func<Task> work)
    {
        try
        {
            await work();
            return false;
        }
        catch (Exception e) when (e is ArchiveException or IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return true;
        }
    }

    private static int NotPostgres(IAnsiConsole console)
    {
        console.MarkupLine("[red]Archiving needs PostgreSQL: its ledger is partitioned by month. On SQLite the ledger is one table and stays whole.[/]");
        return OperatorAction.Failed;
    }
}
