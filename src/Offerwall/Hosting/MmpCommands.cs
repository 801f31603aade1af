using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using Offerwall.Offers;
using Offerwall.Partners;
using Offerwall.Web;
using Spectre.Console;

namespace Offerwall.Hosting;

/// <summary>MMP intake from the command line (docs/integrations.md): token rotation, offers' event maps, currency rates.</summary>
internal static class MmpCommands
{
    /// <summary>How MMPs reach this server, for templates: Offerwall:PublicBaseUrl, or a placeholder to replace.</summary>
    public static string BaseUrl(OperatorRun run) =>
        run.Service<IOptions<PublicUrlOptions>>().Value.PublicBaseUrl is { Length: > 0 } url ? url.TrimEnd('/') : "https://YOUR-OFFERWALL-HOST";

    public static Command RotateToken(IAnsiConsole console)
    {
        var id = OperatorOptions.Id("--id", "The advertiser's id.");
        var grace = OperatorOptions.Count("--grace-hours", "Hours the old token keeps working (default 0: it stops at once).", 0, RotationRequest.MaxGraceHours, 0);
        return OperatorAction.Command("rotate-token", "Replace the token of an MMP advertiser's postback URL; prints the new token and template, this once.",
            console, [id, grace], async run =>
            {
                var db = await run.OpenDatabaseAsync();
                if (await AdvertiserAdmin.RotateTokenAsync(db, run.Get(id), new RotationRequest(run.Get(grace)), OperatorRun.Now, BaseUrl(run), run.Cancellation)
                    is not { } rotated)
                {
                    console.MarkupLineInterpolated($"[red]No advertiser with an MMP intake profile has id {run.Get(id)}.[/]");
                    return OperatorAction.Failed;
                }
                var old = rotated.PreviousValidUntil is { } until ? $"the old one works until {until:yyyy-MM-dd HH:mm:ss} UTC" : "the old one no longer works";
                console.MarkupLineInterpolated($"[green]Advertiser {run.Get(id)} has a new postback token; {old}.[/]");
                run.Labelled("Token", rotated.Token);
                run.Labelled("Postback template", rotated.PostbackTemplate);
                return 0;
            });
    }

    public static Command EventMap(IAnsiConsole console)
    {
        var id = OperatorOptions.Text("--id", "The offer's id.", required: true);
        var map = OperatorOptions.Text("--map", "The whole map, replacing the stored one: name=goal_id pairs separated by commas (\"install=o1_0,af_level_10=o1_1\"); "
                                                + "\"-\" clears it. Absent: print the map.");
        return OperatorAction.Command("mmp-events", "Show or set an offer's event map: the MMP's event names and the goals they reach.", console, [id, map], async run =>
        {
            var db = await run.OpenDatabaseAsync();
            Dictionary<string, string>? current;
            if (run.Get(map) is { } text)
            {
                var pairs = text == "-" ? [] : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToList();
                if (pairs.Any(p => p.Length != 2) || pairs.Select(p => p[0]).Distinct().Count() != pairs.Count)
                    return run.Invalid("The map is not valid", new() { ["map"] = ["Give name=goal_id pairs, each name once."] });
                var body = new MmpEventsBody(pairs.ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal));
                if (MmpEventMap.Validate(body) is { Count: > 0 } errors) return run.Invalid("The map is not valid", errors);
                var (set, refused) = await MmpEventMap.SetAsync(db, run.Get(id), body, run.Cancellation);
                if (refused is not null) return run.Invalid("The map is not valid", refused);
                current = set;
            }
            else current = await MmpEventMap.GetAsync(db, run.Get(id), run.Cancellation);
            if (current is null)
            {
                console.MarkupLineInterpolated($"[red]No offer has id {run.Get(id)}.[/]");
                return OperatorAction.Failed;
            }
            var table = new Table().AddColumns("MMP event name", "Goal");
            foreach (var (name, goal) in current) table.AddRow(Markup.Escape(name), Markup.Escape(goal));
            console.Write(table);
            return 0;
        });
    }

    public static Command CurrencyRatesCommand(IAnsiConsole console)
    {
        var code = OperatorOptions.Text("--code", "The currency's three-letter code (ISO 4217), e.g. EUR.", required: true);
        var rate = OperatorOptions.Number("--usd-per-unit", "What one unit is worth in USD, e.g. 1.08 (at most 12 decimals).");
        var set = OperatorAction.Command("set", "Set the rate MMP revenue in this currency is converted to USD with.", console, [code, rate], async run =>
        {
            var body = new CurrencyRatesBody(new() { [run.Get(code)] = run.Get(rate) });
            if (CurrencyRates.Validate(body) is { Count: > 0 } errors) return run.Invalid("The rate is not valid", errors);
            var db = await run.OpenDatabaseAsync();
            Print(console, await CurrencyRates.SetAsync(db, body, OperatorRun.Now, run.Cancellation));
            return 0;
        });
        var list = OperatorAction.Command("list", "List the exchange rates (USD per one unit; USD itself is always 1).", console, [], async run =>
        {
            var db = await run.OpenDatabaseAsync();
            Print(console, await CurrencyRates.ListAsync(db, run.Cancellation));
            return 0;
        });
        return new Command("currency-rates", "Exchange rates for MMP revenue.") { list, set };
    }

    private static void Print(IAnsiConsole console, List<CurrencyRateView> rates)
    {
        var table = new Table().AddColumns("Code", "USD per unit", "Updated (UTC)");
        foreach (var r in rates)
            table.AddRow(r.Code, r.UsdPerUnit.ToString(CultureInfo.InvariantCulture), r.UpdatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        console.Write(table);
    }
}
