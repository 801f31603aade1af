using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Offerwall.Offers;
using Offerwall.Partners;
using Spectre.Console;

namespace Offerwall.Hosting;

/// <summary>
/// The operator's command line: partners, advertisers, offers, promotions and conversions. Each
/// command calls the same operation as the admin API (<see cref="PartnerAdmin"/>,
/// <see cref="OfferAdmin"/>, ConversionAdmin, ConversionLifecycle), so the two never disagree;
/// this class only reads options, prints and picks exit codes (0 done, 1 refused, 2 bad input).
/// </summary>
public static class OperatorCommands
{
    /// <summary>The import file is read exactly as POST /admin/offers/import reads its body: web defaults, snake_case keys.</summary>
    private static readonly JsonSerializerOptions ImportJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void AddTo(RootCommand root, IAnsiConsole console)
    {
        root.Add(new Command("partners", "Apps and sites that show the wall.") { ListPartners(console), CreatePartner(console), RotateKey(console), PostbackCommands.SetPostback(console) });
        root.Add(new Command("advertisers", "Who reports conversions.") { CreateAdvertiser(console) });
        root.Add(new Command("offers", "Offers and their goals.") { ImportOffers(console) });
        root.Add(new Command("promotions", "Reward boosts for a time window.") { CreatePromotion(console) });
        root.Add(ConversionCommands.Build(console));
        root.Add(PostbackCommands.Build(console));
    }

    private static Command ListPartners(IAnsiConsole console) =>
        OperatorAction.Command("list", "List every partner (server keys show only their first characters).", console, [], async run =>
        {
            var db = await run.OpenDatabaseAsync();
            var partners = await PartnerAdmin.ListAsync(db, run.Cancellation);
            if (partners.Count == 0) { console.WriteLine("No partners yet: add one with `offerwall partners create`."); return 0; }
            var table = new Table().AddColumns("Id", "Name", "Currency", "Share", "Surveys", "Stateful", "Key", "App token", "Postback URL", "Created (UTC)");
            foreach (var p in partners)
                table.AddRow(Cell(p.Id), Cell(p.Name), Cell($"{Amount(p.CurrencyRatio)} {p.CurrencyName}/USD"), Cell(Amount(p.RevenueShare)),
                    Cell(p.SurveysEnabled ? "yes" : "no"), Cell(p.StatefulPostbacks ? "yes" : "no"), Cell(p.ServerKeyHint + "…"), Cell(p.AppToken),
                    Cell(p.PostbackUrl ?? ""), Cell(p.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            console.Write(table);
            return 0;
        });

    private static Command CreatePartner(IAnsiConsole console)
    {
        var name = OperatorOptions.Text("--name", "The partner's name.", required: true);
        var currencyName = OperatorOptions.Text("--currency-name", "The name of the partner's virtual currency, e.g. Coins.", required: true);
        var ratio = OperatorOptions.Number("--currency-ratio", "Units of that currency per USD of reward, e.g. 100.");
        var share = OperatorOptions.Number("--revenue-share", "The partner's share of the advertiser's payout, 0 to 1, e.g. 0.5.");
        var postbackUrl = OperatorOptions.Text("--postback-url", "Where the partner's signed postbacks go (absolute http(s) URL).");
        var surveys = OperatorOptions.Flag("--surveys", "Show surveys on this partner's wall.");
        var stateful = OperatorOptions.Flag("--stateful-postbacks", "Also send postbacks for pending and cancelled conversions.");
        return OperatorAction.Command("create", "Create a partner; prints its server key, app token and postback secret, this once.", console,
            [name, currencyName, ratio, share, postbackUrl, surveys, stateful], async run =>
            {
                var partner = new NewPartner(run.Get(name), run.Get(currencyName), run.Get(ratio), run.Get(share), run.Get(postbackUrl),
                    run.Get(surveys), run.Get(stateful));
                if (PartnerAdmin.Validate(partner) is { Count: > 0 } errors) return run.Invalid("The partner is not valid", errors);
                var db = await run.OpenDatabaseAsync();
                var created = await PartnerAdmin.CreateAsync(db, partner, OperatorRun.Now, run.Cancellation);
                console.MarkupLineInterpolated($"[green]Partner {created.Partner.Id} ({created.Partner.Name}) created.[/]");
                console.MarkupLine("[yellow]Keep these now: they are shown this once (the server key is stored only as a hash).[/]");
                run.Labelled("Partner id", created.Partner.Id.ToString(CultureInfo.InvariantCulture));
                run.Labelled("Server key (Data API)", created.ServerKey);
                run.Labelled("App token (client API)", created.Partner.AppToken);
                run.Labelled("Postback secret", created.PostbackSecret);
                return 0;
            });
    }

    private static Command RotateKey(IAnsiConsole console)
    {
        var id = OperatorOptions.Id("--id", "The partner's id.");
        return OperatorAction.Command("rotate-key", "Replace a partner's server key; the old key stops working at once.", console, [id], async run =>
        {
            var db = await run.OpenDatabaseAsync();
            if (await PartnerAdmin.RotateKeyAsync(db, run.Get(id), run.Cancellation) is not { } key)
            {
                console.MarkupLineInterpolated($"[red]No partner has id {run.Get(id)}.[/]");
                return OperatorAction.Failed;
            }
            console.MarkupLineInterpolated($"[green]Partner {run.Get(id)} has a new server key; the old one no longer works.[/]");
            console.MarkupLine("[yellow]Keep it now: it is shown this once.[/]");
            run.Labelled("Server key (Data API)", key);
            return 0;
        });
    }

    private static Command CreateAdvertiser(IAnsiConsole console)
    {
        var name = OperatorOptions.Text("--name", "The advertiser's name.", required: true);
        var allowedIps = OperatorOptions.Text("--allowed-ips", "Comma-separated IPs and CIDR ranges whose postbacks need no signature.");
        return OperatorAction.Command("create", "Create an advertiser; prints its id and its postback signing secret, this once.", console,
            [name, allowedIps], async run =>
            {
                var advertiser = new NewAdvertiser(run.Get(name), run.Get(allowedIps));
                if (OfferAdmin.ValidateAdvertiser(advertiser) is { Count: > 0 } errors) return run.Invalid("The advertiser is not valid", errors);
                var db = await run.OpenDatabaseAsync();
                var created = await OfferAdmin.CreateAdvertiserAsync(db, advertiser, OperatorRun.Now, run.Cancellation);
                console.MarkupLineInterpolated($"[green]Advertiser {created.Id} ({created.Name}) created.[/]");
                console.MarkupLine("[yellow]Give the secret to the advertiser now: it signs their conversion postbacks.[/]");
                run.Labelled("Advertiser id", created.Id.ToString(CultureInfo.InvariantCulture));
                run.Labelled("Secret", created.Secret);
                run.Labelled("Allowed IPs", created.AllowedIps.Length > 0 ? created.AllowedIps : "(none: every postback must be signed)");
                return 0;
            });
    }

    private static Command ImportOffers(IAnsiConsole console)
    {
        var file = OperatorOptions.Text("--file", "A JSON array of offers, written as for POST /admin/offers/import.", required: true);
        return OperatorAction.Command("import", "Create or update offers and their goals from a JSON file (all or nothing).", console, [file], async run =>
        {
            var offers = await ReadOffersAsync(run.Get(file), run.Cancellation);
            var db = await run.OpenDatabaseAsync();
            if (await OfferAdmin.ValidateAsync(db, offers, run.Cancellation) is { Count: > 0 } errors) return run.Invalid("The import is not valid", errors);
            ImportResult? result = null;
            await console.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("Offers", maxValue: Math.Max(offers.Count, 1));
                result = await OfferAdmin.ImportAsync(db, offers, OperatorRun.Now, new InlineProgress<int>(done => task.Value = done), run.Cancellation);
                task.Value = task.MaxValue;
            });
            console.MarkupLineInterpolated($"[green]Imported {offers.Count} offers: {result!.Created} created, {result.Updated} updated.[/]");
            return 0;
        });
    }

    private static async Task<List<OfferSpec>> ReadOffersAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<List<OfferSpec>>(stream, ImportJson, ct)
                ?? throw new OperatorInputException($"{path} holds null, not a JSON array of offers.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OperatorInputException($"Cannot read {path}: {e.Message}");
        }
        catch (JsonException e)
        {
            throw new OperatorInputException($"{path} is not a JSON array of offers: {e.Message}");
        }
    }

    private static Command CreatePromotion(IAnsiConsole console)
    {
        var offerId = OperatorOptions.Text("--offer-id", "Only this offer (its public id); without it, every offer.");
        var partnerId = OperatorOptions.OptionalId("--partner-id", "Only this partner's users; without it, every partner.");
        var multiplier = OperatorOptions.Number("--multiplier", "Reward multiplier, 1 to 100.", byDefault: 1m);
        var bonus = OperatorOptions.Number("--bonus", "Bonus added to the reward, in USD.", byDefault: 0m);
        var startsAt = OperatorOptions.Instant("--starts-at", "When it starts: ISO 8601, UTC unless it has an offset.");
        var endsAt = OperatorOptions.Instant("--ends-at", "When it ends: ISO 8601, UTC unless it has an offset.");
        return OperatorAction.Command("create", "Create a promotion: reward × multiplier + bonus during a time window.", console,
            [offerId, partnerId, multiplier, bonus, startsAt, endsAt], async run =>
            {
                var promotion = new NewPromotion(run.Get(offerId), run.Get(partnerId), run.Get(multiplier), run.Get(bonus), run.Get(startsAt), run.Get(endsAt));
                var db = await run.OpenDatabaseAsync();
                if (await OfferAdmin.ValidatePromotionAsync(db, promotion, run.Cancellation) is { Count: > 0 } errors)
                    return run.Invalid("The promotion is not valid", errors);
                var created = await OfferAdmin.CreatePromotionAsync(db, promotion, run.Cancellation);
                console.MarkupLineInterpolated(
                    $"[green]Promotion {created.Id} created: reward × {Amount(created.Multiplier)} + {Amount(created.Bonus)} USD, from {Utc(created.StartsAt)} to {Utc(created.EndsAt)} UTC.[/]");
                run.Labelled("Promotion id", created.Id.ToString(CultureInfo.InvariantCulture));
                return 0;
            });
    }

    /// <summary>A table cell of plain text: names and URLs may hold '[', which Spectre would read as markup.</summary>
    internal static Text Cell(object value) => new(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");

    internal static string Amount(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    internal static string Utc(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
