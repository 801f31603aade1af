using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Offerwall.Offers;
using Offerwall.Partners;

namespace Offerwall.Hosting;

/// <summary>
/// `partners show | edit` and `advertisers show | edit`: the same operations as GET and PATCH
/// /admin/partners/{id} and /admin/advertisers/{id}; an option left out keeps its value.
/// </summary>
public static class ManagementCommands
{
    public static Command ShowPartner(IAnsiConsole console)
    {
        var id = OperatorOptions.Id("--id", "The partner's id.");
        return OperatorAction.Command("show", "Show one partner's settings (never a key or a secret).", console, [id], async run =>
        {
            var db = await run.OpenDatabaseAsync();
            if (await PartnerAdmin.ShowAsync(db, run.Get(id), run.Cancellation) is not { } p) return Missing(console, "partner", run.Get(id));
            Print(run, p);
            return 0;
        });
    }

    public static Command EditPartner(IAnsiConsole console)
    {
        var id = OperatorOptions.Id("--id", "The partner's id.");
        var name = OperatorOptions.Text("--name", "The partner's new name.");
        var currencyName = OperatorOptions.Text("--currency-name", "The new name of its virtual currency.");
        var ratio = OperatorOptions.Text("--currency-ratio", "Units of its currency per USD of reward, for conversions recorded from now on.");
        var share = OperatorOptions.Text("--revenue-share", "Its share of the advertiser's payout, 0 to 1, for conversions recorded from now on.");
        var surveys = new Option<bool?>("--surveys") { Description = "true or false: whether its wall shows surveys." };
        return OperatorAction.Command("edit", "Change a partner's name, currency, ratio, revenue share or surveys; what is left out keeps its value.", console,
            [id, name, currencyName, ratio, share, surveys], async run =>
            {
                var errors = new Dictionary<string, string[]>();
                var edit = new PartnerEdit(run.Get(name), run.Get(currencyName), Number(run.Get(ratio), "currency_ratio", errors),
                    Number(run.Get(share), "revenue_share", errors), run.Get(surveys));
                foreach (var (field, messages) in PartnerAdmin.ValidateEdit(edit)) errors.TryAdd(field, messages);
                if (errors.Count > 0) return run.Invalid("The edit is not valid", errors);
                var db = await run.OpenDatabaseAsync();
                if (await PartnerAdmin.EditAsync(db, run.Get(id), edit, run.Cancellation) is not { } p) return Missing(console, "partner", run.Get(id));
                console.MarkupLineInterpolated($"[green]Partner {p.Id} updated.[/]");
                Print(run, p);
                return 0;
            });
    }

    public static Command ShowAdvertiser(IAnsiConsole console)
    {
        var id = OperatorOptions.Id("--id", "The advertiser's id.");
        return OperatorAction.Command("show", "Show one advertiser (never its secret or token).", console, [id], async run =>
        {
            var db = await run.OpenDatabaseAsync();
            if (await AdvertiserAdmin.ShowAsync(db, run.Get(id), OperatorRun.Now, run.Cancellation) is not { } a) return Missing(console, "advertiser", run.Get(id));
            Print(run, a);
            return 0;
        });
    }

    public static Command EditAdvertiser(IAnsiConsole console)
    {
        var id = OperatorOptions.Id("--id", "The advertiser's id.");
        var name = OperatorOptions.Text("--name", "The advertiser's new name.");
        var currency = OperatorOptions.Text("--currency", "The MMP's revenue currency when a postback names none (ISO 4217).");
        var mmpAuth = OperatorOptions.Text("--mmp-auth", "token, token_or_ranges or token_and_ranges (docs/integrations.md).");
        return OperatorAction.Command("edit", "Change an advertiser's name, currency or MMP authentication; what is left out keeps its value.", console,
            [id, name, currency, mmpAuth], async run =>
            {
                var edit = new AdvertiserEdit(run.Get(name), run.Get(currency), run.Get(mmpAuth));
                if (AdvertiserAdmin.ValidateEdit(edit) is { Count: > 0 } errors) return run.Invalid("The edit is not valid", errors);
                var db = await run.OpenDatabaseAsync();
                if (await AdvertiserAdmin.EditAsync(db, run.Get(id), edit, OperatorRun.Now, run.Cancellation) is not { } a)
                    return Missing(console, "advertiser", run.Get(id));
                console.MarkupLineInterpolated($"[green]Advertiser {a.Id} updated.[/]");
                Print(run, a);
                return 0;
            });
    }

    private static decimal? Number(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null) return null;
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        errors[field] = [$"'{text}' is not a number such as 0.5."];
        return null;
    }

    private static int Missing(IAnsiConsole console, string what, long id)
    {
        console.MarkupLineInterpolated($"[red]No {what} has id {id}.[/]");
        return OperatorAction.Failed;
    }

    private static void Print(OperatorRun run, PartnerView p)
    {
        run.Labelled("Partner id", p.Id.ToString(CultureInfo.InvariantCulture));
        run.Labelled("Name", p.Name);
        run.Labelled("Currency", $"{OperatorCommands.Amount(p.CurrencyRatio)} {p.CurrencyName}/USD");
        run.Labelled("Revenue share", OperatorCommands.Amount(p.RevenueShare));
        run.Labelled("Surveys", p.SurveysEnabled ? "yes" : "no");
        run.Labelled("Postback URL", p.PostbackUrl ?? "(none)");
        run.Labelled("Postback format", p.PostbackFormat);
        run.Labelled("Server key", p.ServerKeyHint + "…");
        run.Labelled("App token", p.AppToken);
        run.Labelled("Suspended", p.SuspendedAt is { } at ? $"since {OperatorCommands.Utc(at)} UTC" : "no");
        run.Labelled("Created (UTC)", OperatorCommands.Utc(p.CreatedAt));
    }

    private static void Print(OperatorRun run, AdvertiserView a)
    {
        run.Labelled("Advertiser id", a.Id.ToString(CultureInfo.InvariantCulture));
        run.Labelled("Name", a.Name);
        run.Labelled("Intake profile", a.IntakeProfile);
        run.Labelled("Currency", a.Currency);
        run.Labelled("MMP authentication", a.MmpAuth);
        run.Labelled("Allowed IPs", a.AllowedIps.Length > 0 ? a.AllowedIps : "(none)");
        run.Labelled("IP-only", a.IpOnlyAuth ? "yes" : "no");
        run.Labelled("Created (UTC)", OperatorCommands.Utc(a.CreatedAt));
    }
}
