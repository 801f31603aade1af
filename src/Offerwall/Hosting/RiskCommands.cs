using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Offerwall.Conversions;
using Offerwall.Fraud;
using Offerwall.Web;
using Offerwall.Offers;

namespace Offerwall.Hosting;

/// <summary>`report risk`: the risk report (<see cref="RiskReport"/>), as GET /admin/reports/risk, as a table or a CSV file.</summary>
public static class RiskCommands
{
    public static Command Build(IAnsiConsole console)
    {
        var groupBy = OperatorOptions.Text("--group-by", "partner, offer or user (default partner).");
        var partnerId = OperatorOptions.OptionalId("--partner-id", "Only this partner's conversions.");
        var offerId = OperatorOptions.Text("--offer-id", "Only this offer's conversions (its offer_id).");
        var fromDate = OperatorOptions.Day("--from-date", "First Eastern day, YYYY-MM-DD (default: 6 days before --to-date).");
        var toDate = OperatorOptions.Day("--to-date", "Last Eastern day, YYYY-MM-DD (default: today).");
        var limit = OperatorOptions.Count("--limit", "How many lines, most conversions first.", 1, RiskReport.MaxLimit, 100);
        var csv = OperatorOptions.Text("--csv", "Write the report to this CSV file (replaced if it exists) instead of printing it.");
        var risk = OperatorAction.Command("risk", "Per partner, offer or user: conversions, reversals, the reversal ratio, and what the fraud rules flagged, "
                                                  + "held and rejected, by rule.", console, [groupBy, partnerId, offerId, fromDate, toDate, limit, csv], async run =>
        {
            var grouping = run.Get(groupBy) ?? "partner";
            if (!RiskReport.Groupings.Contains(grouping)) throw new OperatorInputException("--group-by must be partner, offer or user.");
            var (from, to) = EasternTime.DefaultRange(run.Get(fromDate), run.Get(toDate), EasternTime.Today(OperatorRun.Now));
            if (from > to) throw new OperatorInputException("--from-date must not be after --to-date.");
            var db = await run.OpenDatabaseAsync();
            long? offer = null;
            if (run.Get(offerId) is { } publicId
                && (offer = await OfferStates.IdAsync(db, publicId, run.Cancellation)) is null)
                throw new OperatorInputException($"No offer has id {publicId}.");
            var rows = await RiskReport.BuildAsync(db, from, to, grouping, run.Get(partnerId), offer, run.Get(limit), run.Cancellation);
            if (run.Get(csv) is { } path)
            {
                await using var writer = new StreamWriter(Path.GetFullPath(path), false, new UTF8Encoding(false));
                await RiskReport.WriteCsvAsync(rows, [.. FraudRule.All.Select(r => r.Name)], writer);
                console.MarkupLineInterpolated($"[green]{rows.Count} lines written to {Path.GetFullPath(path)} ({from:yyyy-MM-dd} to {to:yyyy-MM-dd}).[/]");
                return 0;
            }
            if (rows.Count == 0) { console.WriteLine($"No conversions from {from:yyyy-MM-dd} to {to:yyyy-MM-dd} (US Eastern)."); return 0; }
            var table = new Table().AddColumns(grouping switch { "offer" => "Offer", "user" => "Partner / user", _ => "Partner" }, "Conv.", "Paid", "Reversed",
                "Ratio", "Flagged", "Held", "Rejected");
            foreach (var r in rows)
                table.AddRow(Cell(grouping switch { "offer" => r.OfferId ?? "", "user" => $"{r.PartnerId} / {r.UserId}", _ => N(r.PartnerId ?? 0) }),
                    Cell(N(r.Conversions)), Cell(N(r.Approved)), Cell(N(r.Reversed)), Cell(r.ReversalRatio?.ToString("P1", CultureInfo.InvariantCulture) ?? "—"),
                    Cell(N(r.Flagged)), Cell(N(r.Held)), Cell(N(r.Rejected)));
            console.Write(table);
            // Each line's decisions by rule, below the table: too wide for columns.
            foreach (var r in rows.Where(r => r.ByRule.Count > 0))
            {
                var who = grouping switch { "offer" => r.OfferId, "user" => $"{r.PartnerId} / {r.UserId}", _ => N(r.PartnerId ?? 0) };
                var rules = string.Join("; ", r.ByRule.Select(b => $"{b.Key} flagged {b.Value.Flagged}, held {b.Value.Held}, rejected {b.Value.Rejected}"));
                console.MarkupLine(Markup.Escape($"  {who}: {rules}"));
            }
            return 0;
        });
        return new Command("report", "Reports for the operator.") { risk };
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static Markup Cell(string text) => new(Markup.Escape(text));
}
