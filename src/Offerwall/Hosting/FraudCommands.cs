using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Offerwall.Conversions;
using Offerwall.Data;
using Offerwall.Fraud;
using Offerwall.Partners;
using Offerwall.Postbacks;
using Offerwall.Offers;

namespace Offerwall.Hosting;

/// <summary>
/// `fraud rules | set | unset` (the fraud rules' settings, as /admin/fraud/rules) and `review list | approve | cancel` (the review
/// queue, as /admin/review), docs/fraud.md. Bulk decisions show their progress.
/// </summary>
public static class FraudCommands
{
    public static void AddTo(RootCommand root, IAnsiConsole console)
    {
        root.Add(new Command("fraud", "The fraud rules: what they check, and their settings for everyone, per partner and per offer.")
            { Rules(console), Set(console), Unset(console) });
        root.Add(new Command("review", "Conversions the fraud rules held or flagged, and the operator's decisions on them.")
            { List(console), Decide(console, approve: true), Decide(console, approve: false) });
    }

    private static Command Rules(IAnsiConsole console) =>
        OperatorAction.Command("rules", "List every rule with its setting for everyone (and where it comes from) and its settings per partner and offer.",
            console, [], async run =>
            {
                var db = await run.OpenDatabaseAsync();
                var table = new Table().AddColumns("Rule", "Outcome", "Limit", "From", "Overrides");
                foreach (var r in await RuleAdmin.ListAsync(db, run.Service<RuleSettings>(), run.Cancellation))
                    table.AddRow(Cell(r.Rule), Cell(r.Outcome), Cell(r.Limit?.ToString(CultureInfo.InvariantCulture) ?? ""), Cell(r.Source),
                        Cell(string.Join("\n", r.Overrides.Select(o =>
                            $"{(o.PartnerId is { } p ? $"partner {p}" : $"offer {o.OfferId}")}: {o.Outcome}{(o.Limit is { } l ? $" {l}" : "")}"))));
                console.Write(table);
                return 0;
            });

    private static Command Set(IAnsiConsole console)
    {
        var rule = OperatorOptions.Text("--rule", "The rule's name (see `fraud rules`).", required: true);
        var outcome = OperatorOptions.Text("--outcome", "off, flag, hold or reject.", required: true);
        var limit = OperatorOptions.OptionalId("--limit", "The rule's figure (seconds, or a count), for a rule that has one.");
        var partnerId = OperatorOptions.OptionalId("--partner-id", "Set it for this partner only.");
        var offerId = OperatorOptions.Text("--offer-id", "Set it for this offer only (its offer_id).");
        return OperatorAction.Command("set", "Set a rule for everyone, one partner or one offer (the most specific setting applies).", console,
            [rule, outcome, limit, partnerId, offerId], async run =>
            {
                if (FraudRule.Find(run.Get(rule)) is not { } known) throw new OperatorInputException($"No fraud rule is named {run.Get(rule)}.");
                var db = await run.OpenDatabaseAsync();
                var body = new RuleSettingBody(run.Get(partnerId), run.Get(offerId), run.Get(limit), run.Get(outcome));
                var (errors, offer) = await RuleAdmin.ValidateAsync(db, known, body, run.Cancellation);
                if (errors.Count > 0) return run.Invalid("The rule's setting", errors);
                var set = await RuleAdmin.SetAsync(db, run.Service<RuleSettings>(), known, body, offer, OperatorRun.Now, run.Cancellation);
                console.MarkupLineInterpolated($"[green]{set.Rule} is now {set.Outcome}{(set.Limit is { } l ? $" at {l}" : "")} for {Scope(set)}.[/]");
                return 0;
            });
    }

    private static Command Unset(IAnsiConsole console)
    {
        var rule = OperatorOptions.Text("--rule", "The rule's name.", required: true);
        var partnerId = OperatorOptions.OptionalId("--partner-id", "Remove this partner's setting.");
        var offerId = OperatorOptions.Text("--offer-id", "Remove this offer's setting (its offer_id).");
        return OperatorAction.Command("unset", "Remove a rule's setting for everyone, one partner or one offer: the more general one applies again.", console,
            [rule, partnerId, offerId], async run =>
            {
                if (FraudRule.Find(run.Get(rule)) is null) throw new OperatorInputException($"No fraud rule is named {run.Get(rule)}.");
                var db = await run.OpenDatabaseAsync();
                long? offer = null;
                if (run.Get(offerId) is { } publicId
                    && (offer = await OfferStates.IdAsync(db, publicId, run.Cancellation)) is null)
                    throw new OperatorInputException($"No offer has id {publicId}.");
                if (!await RuleAdmin.RemoveAsync(db, run.Service<RuleSettings>(), run.Get(rule), run.Get(partnerId), offer, run.Cancellation))
                {
                    console.MarkupLineInterpolated($"[red]The rule {run.Get(rule)} has no such setting.[/]");
                    return OperatorAction.Failed;
                }
                console.MarkupLineInterpolated($"[green]Removed.[/]");
                return 0;
            });
    }

    private static Command List(IAnsiConsole console)
    {
        var (partnerId, offerId, rule, state) = Filters();
        return OperatorAction.Command("list", "List the held and flagged conversions, oldest first, with the rules and figures that put them there.", console,
            [partnerId, offerId, rule, state], async run =>
            {
                var db = await run.OpenDatabaseAsync();
                var items = await QueueAsync(run, db, partnerId, offerId, rule, state, ReviewQueue.MaxLimit);
                if (items.Count == 0) { console.WriteLine("The review queue is empty."); return 0; }
                var table = new Table().AddColumns("Id", "Partner", "User", "Offer", "Status", "Review", "Rules");
                foreach (var i in items)
                    table.AddRow(Cell(i.TransactionId.ToString(CultureInfo.InvariantCulture)), Cell(i.PartnerId.ToString(CultureInfo.InvariantCulture)),
                        Cell(i.UserId), Cell(i.OfferId), Cell(i.Status), Cell(i.Review), Cell(string.Join(", ", i.Rules)));
                console.Write(table);
                // The reasons, with their figures, one per line below the table: too long for a column.
                foreach (var i in items) console.MarkupLineInterpolated($"  {i.TransactionId}: {i.Reason}");
                return 0;
            });
    }

    /// <summary>`review approve` or `review cancel`: the given ids, or every conversion of the queue that the filters select (--all).</summary>
    private static Command Decide(IAnsiConsole console, bool approve)
    {
        var ids = OperatorOptions.Text("--ids", "Transaction ids, comma-separated.");
        var all = OperatorOptions.Flag("--all", "Every conversion of the queue that the filters select.");
        var reason = OperatorOptions.Text("--reason", "A note for each conversion's history.");
        var (partnerId, offerId, rule, state) = Filters();
        var description = approve
            ? "Approve conversions of the queue: a held one is paid now, a flagged one stays paid."
            : "Cancel conversions of the queue: a held one is never paid, a flagged (paid) one is reversed.";
        return OperatorAction.Command(approve ? "approve" : "cancel", description, console, [ids, all, reason, partnerId, offerId, rule, state], async run =>
        {
            if (run.Get(ids) is null == !run.Get(all)) throw new OperatorInputException("Give either --ids or --all.");
            var chosen = run.Get(ids) is { } text ? ParseIds(text) : null;
            var db = await run.OpenDatabaseAsync();
            chosen ??= [.. (await QueueAsync(run, db, partnerId, offerId, rule, state, int.MaxValue)).Select(i => i.TransactionId)];
            if (chosen.Count == 0) { console.WriteLine("Nothing to decide: the queue holds no such conversion."); return 0; }
            List<ReviewDecision> decisions = [];
            await console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn()).StartAsync(async progress =>
            {
                var task = progress.AddTask($"{(approve ? "Approving" : "Cancelling")} {chosen.Count:N0}", maxValue: chosen.Count);
                decisions = await ReviewQueue.DecideManyAsync(db, run.Service<DeliverySignal>(), chosen, approve, "operator (command line)", run.Get(reason),
                    OperatorRun.Now, new InlineProgress<int>(done => task.Value = done), run.Cancellation);
            });
            foreach (var failed in decisions.Where(d => !d.Decided))
                console.MarkupLineInterpolated($"[yellow]{failed.TransactionId}: {failed.Error}[/]");
            var decided = decisions.Count(d => d.Decided);
            console.MarkupLineInterpolated($"[green]{decided:N0} {(approve ? "approved" : "cancelled")}[/], {decisions.Count - decided:N0} not decided.");
            return decided == decisions.Count ? 0 : OperatorAction.Failed;
        });
    }

    private static (Option<long?> PartnerId, Option<string> OfferId, Option<string> Rule, Option<string> State) Filters() => (
        OperatorOptions.OptionalId("--partner-id", "Only this partner's conversions."),
        OperatorOptions.Text("--offer-id", "Only this offer's conversions (its offer_id)."),
        OperatorOptions.Text("--rule", "Only conversions this rule held or flagged."),
        OperatorOptions.Text("--state", "held or flagged."));

    private static async Task<List<ReviewItem>> QueueAsync(OperatorRun run, OfferwallDb db, Option<long?> partnerId, Option<string> offerId, Option<string> rule,
        Option<string> state, int limit)
    {
        ReviewState? wanted = run.Get(state) switch
        {
            null => null,
            "held" => ReviewState.Held,
            "flagged" => ReviewState.Flagged,
            var other => throw new OperatorInputException($"--state must be held or flagged, not {other}."),
        };
        if (run.Get(rule) is { } name && FraudRule.Find(name) is null && name != Blocking.Rule) throw new OperatorInputException($"No fraud rule is named {name}.");
        long? offer = null;
        if (run.Get(offerId) is { } publicId
            && (offer = await OfferStates.IdAsync(db, publicId, run.Cancellation)) is null)
            throw new OperatorInputException($"No offer has id {publicId}.");
        var items = new List<ReviewItem>();
        long? after = null;
        while (items.Count < limit)
        {
            var page = await ReviewQueue.ListAsync(db, run.Get(partnerId), offer, run.Get(rule), wanted, after, Math.Min(ReviewQueue.MaxLimit, limit - items.Count),
                run.Cancellation);
            items.AddRange(page);
            if (page.Count < ReviewQueue.MaxLimit) break;
            after = page[^1].TransactionId;
        }
        return items;
    }

    private static List<long> ParseIds(string text)
    {
        var ids = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            ids.Add(long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : throw new OperatorInputException($"--ids must be transaction ids separated by commas; '{part}' is not one."));
        return ids;
    }

    private static string Scope(RuleOverrideView set) =>
        set.PartnerId is { } p ? $"partner {p}" : set.OfferId is { } o ? $"offer {o}" : "everyone";

    private static Markup Cell(string text) => new(Markup.Escape(text));
}
