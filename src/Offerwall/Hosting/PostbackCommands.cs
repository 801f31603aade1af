using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using Spectre.Console;
using static Offerwall.Hosting.OperatorCommands;
using Offerwall.Postbacks;
using Offerwall.Data;
using Offerwall.Web;
using Offerwall.Partners;

namespace Offerwall.Hosting;

/// <summary>
/// `offerwall postbacks …` (deliveries, their attempts, replays, a test send) and `offerwall partners
/// set-postback`, through <see cref="PostbacksApi"/>, <see cref="DeliveryQueue"/> and
/// <see cref="PartnerAdmin"/> like the admin API. The command line sends nothing itself but the test:
/// a replayed delivery is sent by the servers' workers, which find it by polling (Postbacks:PollInterval).
/// </summary>
public static class PostbackCommands
{
    /// <summary>As per_page of GET /admin/postbacks.</summary>
    private const int MaxLimit = 1000;

    /// <summary>How much of an answer `show` prints per attempt (the attempt keeps the first 1 KB).</summary>
    private const int ResponsePreview = 120;

    public static Command Build(IAnsiConsole console) => new("postbacks", "Partner postbacks: deliveries and their attempts, replays, a test send.")
    {
        List(console),
        Show(console),
        Replay(console),
        ReplayDead(console),
        Test(console),
    };

    private static Command List(IAnsiConsole console)
    {
        var partnerId = OperatorOptions.OptionalId("--partner-id", "Only this partner's deliveries.");
        var status = OperatorOptions.Text("--status", "Only deliveries in this state: pending, delivered or dead.");
        var fromDate = OperatorOptions.Day("--from-date", "First Eastern day of creation, YYYY-MM-DD (default: 6 days before --to-date).");
        var toDate = OperatorOptions.Day("--to-date", "Last Eastern day of creation, YYYY-MM-DD (default: today).");
        var transactionId = OperatorOptions.OptionalId("--transaction-id", "Only the deliveries of this conversion (its transaction_id).");
        var limit = OperatorOptions.Count("--limit", "How many, newest first.", 1, MaxLimit, 100);
        return OperatorAction.Command("list", "List postback deliveries, newest first, as GET /admin/postbacks.", console,
            [partnerId, status, fromDate, toDate, transactionId, limit], async run =>
            {
                if (!PostbacksApi.TryParseStatus(run.Get(status), out var state))
                    throw new OperatorInputException($"--status must be pending, delivered or dead, not '{run.Get(status)}'.");
                var (from, to) = Days(run, fromDate, toDate);
                var (fromUtc, toUtc) = EasternTime.Range(from, to);
                var db = await run.OpenDatabaseAsync();
                var (deliveries, total) = await PostbacksApi.QueryAsync(db, run.Get(partnerId), state, fromUtc, toUtc, run.Get(transactionId),
                    skip: 0, take: run.Get(limit), run.Cancellation);
                if (deliveries.Count == 0) { console.WriteLine("No deliveries match."); return 0; }
                var table = new Table().AddColumns("Id", "Partner", "Transaction", "Reverse", "Event", "Status", "Attempts", "Next attempt", "Created", "Delivered");
                foreach (var d in deliveries)
                {
                    var row = PostbacksApi.Row(d);
                    table.AddRow(Cell(row.Id), Cell(d.PartnerId), Cell(row.TransactionId), Cell(row.Reverse), Cell(row.Event), Cell(row.Status),
                        Cell(row.Attempts), Cell(row.NextAttemptAt ?? ""), Cell(row.CreatedAt), Cell(row.DeliveredAt ?? ""));
                }
                console.Write(table);
                console.MarkupLineInterpolated(
                    $"{deliveries.Count} of {total} deliveries created {from:yyyy-MM-dd} to {to:yyyy-MM-dd} (Eastern days), newest first.");
                return 0;
            });
    }

    private static Command Show(IAnsiConsole console)
    {
        var id = OperatorOptions.Id("--id", "The delivery's id (delivery_id in the postback).");
        return OperatorAction.Command("show", "Show a delivery and every attempt: when, status code, latency, the start of the answer.", console, [id], async run =>
        {
            var db = await run.OpenDatabaseAsync();
            if (await PostbacksApi.DetailAsync(db, run.Get(id), partnerId: null, run.Cancellation) is not { } detail) return NoDelivery(console, run.Get(id));
            var d = detail.Delivery;
            run.Labelled("Delivery id", d.Id.ToString(CultureInfo.InvariantCulture));
            run.Labelled("Transaction id", d.TransactionId.ToString(CultureInfo.InvariantCulture));
            run.Labelled("Reverse", d.Reverse.ToString(CultureInfo.InvariantCulture));
            run.Labelled("Event", d.Event);
            run.Labelled("Status", d.Status);
            run.Labelled("Attempts", d.Attempts.ToString(CultureInfo.InvariantCulture));
            run.Labelled("Created", d.CreatedAt);
            if (d.NextAttemptAt is { } next) run.Labelled("Next attempt", next);
            if (d.DeliveredAt is { } delivered) run.Labelled("Delivered", delivered);
            if (detail.Attempts.Count == 0) { console.WriteLine("No attempts yet."); return 0; }
            var table = new Table().AddColumns("#", "At", "Status code", "Latency ms", "Answer (start)");
            var number = 0;
            foreach (var a in detail.Attempts)
                table.AddRow(Cell(++number), Cell(a.At), Cell(a.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "none"), Cell(a.LatencyMs),
                    Cell(OneLine(a.Response, ResponsePreview)));
            console.Write(table);
            return 0;
        });
    }

    private static Command Replay(IAnsiConsole console)
    {
        var id = OperatorOptions.Id("--id", "The delivery's id.");
        return OperatorAction.Command("replay", "Send a delivery again, whatever its state, from the start of the retry ladder.", console, [id], async run =>
        {
            var db = await run.OpenDatabaseAsync();
            if (!await DeliveryQueue.ReplayAsync(db, run.Get(id), partnerId: null, OperatorRun.Now, run.Cancellation)) return NoDelivery(console, run.Get(id));
            console.MarkupLineInterpolated($"[green]Delivery {run.Get(id)} is queued again; the server's workers send it at their next poll.[/]");
            return 0;
        });
    }

    private static Command ReplayDead(IAnsiConsole console)
    {
        var partnerId = OperatorOptions.OptionalId("--partner-id", "Only this partner's deliveries; without it, every partner's.");
        var fromDate = OperatorOptions.Day("--from-date", "First Eastern day of creation, YYYY-MM-DD (default: 6 days before --to-date).");
        var toDate = OperatorOptions.Day("--to-date", "Last Eastern day of creation, YYYY-MM-DD (default: today).");
        return OperatorAction.Command("replay-dead", "Send again every dead delivery created in those Eastern days, from the start of the retry ladder.", console,
            [partnerId, fromDate, toDate], async run =>
            {
                var (from, to) = Days(run, fromDate, toDate);
                var (fromUtc, toUtc) = EasternTime.Range(from, to);
                var db = await run.OpenDatabaseAsync();
                var replayed = await DeliveryQueue.ReplayDeadAsync(db, run.Get(partnerId), fromUtc, toUtc, OperatorRun.Now, run.Cancellation);
                console.MarkupLineInterpolated(
                    $"[green]{replayed} dead {(replayed == 1 ? "delivery" : "deliveries")} created {from:yyyy-MM-dd} to {to:yyyy-MM-dd} (Eastern days) queued again.[/]");
                run.Labelled("Replayed", replayed.ToString(CultureInfo.InvariantCulture));
                return 0;
            });
    }

    private static Command Test(IAnsiConsole console)
    {
        var partnerId = OperatorOptions.Id("--partner-id", "The partner whose postback URL gets the test.");
        return OperatorAction.Command("test",
            "Send a test postback (status=test, transaction_id=0) to a partner now, as POST /admin/postbacks/test/{partnerId}; exits 1 unless it answers 2xx.",
            console, [partnerId], async run =>
            {
                var db = await run.OpenDatabaseAsync();
                _ = Options(db);
                if (await PostbacksApi.FindPartnerAsync(db, run.Get(partnerId), run.Cancellation) is not { } partner) return NoPartner(console, run.Get(partnerId));
                if (await PostbacksApi.SendTestAsync(partner, db.GetService<PostbackSender>(), TimeProvider.System, run.Cancellation) is not { } sent)
                {
                    console.MarkupLineInterpolated($"[red]Partner {partner.Id} has no postback URL: set one with `offerwall partners set-postback`.[/]");
                    return OperatorAction.Failed;
                }
                if (sent.Success) console.MarkupLineInterpolated($"[green]Partner {partner.Id} answered the test postback with {sent.StatusCode}.[/]");
                else console.MarkupLineInterpolated($"[red]The test postback to partner {partner.Id} failed: success is a 2xx answer.[/]");
                run.Labelled("Success", sent.Success ? "yes" : "no");
                run.Labelled("Status code", sent.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "none");
                run.Labelled("Latency", $"{sent.LatencyMs} ms");
                run.Labelled("URL", sent.Url);
                run.Labelled("Answer", sent.Response.Length == 0 ? "(empty)" : OneLine(sent.Response, PostbackSender.ResponseBytes));
                return sent.Success ? 0 : OperatorAction.Failed;
            });
    }

    /// <summary>`offerwall partners set-postback`: where and how a partner's postbacks go, as POST /admin/partners/{id}/postback.</summary>
    public static Command SetPostback(IAnsiConsole console)
    {
        var id = OperatorOptions.Id("--id", "The partner's id.");
        var url = OperatorOptions.Text("--url", "The postback URL template, absolute http(s), with macros such as {transaction_id}; without it, no postbacks are sent.");
        var format = OperatorOptions.Text("--format",
            "get (the default: a signed GET), standard_webhooks (a signed JSON POST) or bitlabs (a GET with BitLabs' hash).");
        var stateful = OperatorOptions.Flag("--stateful", "Also send postbacks for pending and cancelled conversions.");
        var negative = OperatorOptions.Flag("--negative-reversals", "Send reversals BitLabs' way: negative amounts under the transaction id r<id>.");
        return OperatorAction.Command("set-postback",
            "Set a partner's postback URL, format, stateful flag and reversal style, all at once (what is not given is cleared or back to its default).",
            console, [id, url, format, stateful, negative], async run =>
            {
                var settings = new PostbackSettings(run.Get(url), run.Get(format) ?? "get", run.Get(stateful), run.Get(negative));
                var db = await run.OpenDatabaseAsync();
                if (PartnerAdmin.ValidatePostback(settings, Options(db).AllowPrivateNetworks) is { Count: > 0 } errors)
                    return run.Invalid("The postback settings are not valid", errors);
                if (!await PartnerAdmin.SetPostbackAsync(db, run.Get(id), settings, run.Cancellation)) return NoPartner(console, run.Get(id));
                console.MarkupLineInterpolated($"[green]Partner {run.Get(id)}'s postback settings are saved.[/]");
                run.Labelled("Postback URL", string.IsNullOrWhiteSpace(settings.PostbackUrl) ? "(none: no postbacks are sent)" : settings.PostbackUrl);
                run.Labelled("Format", settings.PostbackFormat);
                run.Labelled("Stateful", settings.StatefulPostbacks ? "yes" : "no");
                run.Labelled("Reversals", settings.NegativeReversals ? "negative amounts, transaction id r<id>" : "same transaction id, reverse=1");
                return 0;
            });
    }

    /// <summary>The Eastern days, by default the last 7 (as the APIs).</summary>
    private static (DateOnly From, DateOnly To) Days(OperatorRun run, Option<DateOnly?> fromDate, Option<DateOnly?> toDate)
    {
        var today = EasternTime.Today(OperatorRun.Now);
        var (from, to) = EasternTime.DefaultRange(run.Get(fromDate), run.Get(toDate), today);
        if (from > to) throw new OperatorInputException("--from-date must not be after --to-date.");
        return (from, to);
    }

    /// <summary>
    /// The Postbacks section, as the server reads it (appsettings, environment, the command's unmatched
    /// tokens). From the app the run built, through its context: EF Core answers what it does not hold
    /// from the application's services.
    /// </summary>
    private static PostbackOptions Options(OfferwallDb db)
    {
        try
        {
            return db.GetService<IOptions<PostbackOptions>>().Value;
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
        {
            throw new OperatorInputException($"The configuration is not valid: {e.Message}");
        }
    }

    /// <summary>An answer on one line, cut at <paramref name="max"/> characters: a table cell or a labelled line, not a page.</summary>
    private static string OneLine(string response, int max)
    {
        var line = string.Join(' ', response.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= max ? line : line[..max] + "…";
    }

    private static int NoDelivery(IAnsiConsole console, long id)
    {
        console.MarkupLineInterpolated($"[red]No delivery has id {id}.[/]");
        return OperatorAction.Failed;
    }

    private static int NoPartner(IAnsiConsole console, long id)
    {
        console.MarkupLineInterpolated($"[red]No partner has id {id}.[/]");
        return OperatorAction.Failed;
    }
}
