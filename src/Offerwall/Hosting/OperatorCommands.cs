using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Offerwall.Offers;
using Offerwall.Partners;

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
        root.Add(new Command("partners", "Apps and sites that show the wall.")
        {
            ListPartners(console), CreatePartner(console), ManagementCommands.ShowPartner(console), ManagementCommands.EditPartner(console),
            RotateKey(console), RotateAppToken(console), RotatePostbackSecret(console), PostbackCommands.SetPostback(console),
            BlockingCommands.Suspend(console, true), BlockingCommands.Suspend(console, false), BlockingCommands.History(console),
        });
        root.Add(BlockingCommands.Users(console));
        root.Add(new Command("advertisers", "Who reports conversions.")
        {
            ListAdvertisers(console), CreateAdvertiser(console), ManagementCommands.ShowAdvertiser(console),
            ManagementCommands.EditAdvertiser(console), SetAllowedIps(console), RotateAdvertiserSecret(console), MmpCommands.RotateToken(console),
        });
        root.Add(MmpCommands.CurrencyRatesCommand(console));
        root.Add(new Command("offers", "Offers and their goals.") { ImportOffers(console), OfferCommands.List(console), OfferCommands.Show(console), OfferCommands.Edit(console),
            OfferCommands.Pause(console, true), OfferCommands.Pause(console, false), GoalCommands.Build(console), MmpCommands.EventMap(console) });
        root.Add(new Command("promotions", "Reward boosts for a time window.") { CreatePromotion(console) });
        root.Add(ConversionCommands.Build(console));
        root.Add(PostbackCommands.Build(console));
        FraudCommands.AddTo(root, console);
        root.Add(RiskCommands.Build(console));
        root.Add(ReportCommands.Build(console));
        root.Add(ArchiveCommands.Build(console));
    }

    private static Command ListPartners(IAnsiConsole console) =>
        OperatorAction.Command("list", "List every partner (server keys show only their first characters).", console, [], async run =>
        {
            var db = await run.OpenDatabaseAsync();
            var partners = await PartnerAdmin.ListAsync(db, run.Cancellation);
            if (partners.Count == 0) { console.WriteLine("No partners yet: add one with `offerwall partners create`."); return 0; }
            var table = new Table().AddColumns("Id", "Name", "Currency", "Share", "Surveys", "Stateful", "Key", "App token", "Postback URL", "Created (UTC)",
                "Suspended");
            foreach (var p in partners)
                table.AddRow(Cell(p.Id), Cell(p.Name), Cell($"{Amount(p.CurrencyRatio)} {p.CurrencyName}/USD"), Cell(Amount(p.RevenueShare)),
                    Cell(p.SurveysEnabled ? "yes" : "no"), Cell(p.StatefulPostbacks ? "yes" : "no"), Cell(p.ServerKeyHint + "…"), Cell(p.AppToken),
                    Cell(p.PostbackUrl ?? ""), Cell(p.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    Cell(p.SuspendedAt is { } at ? $"since {Utc(at)}" + (p.SuspendReason is { Length: > 0 } why ? $": {why}" : "") : "no"));
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

    /// <summary>
    /// A credential rotation (partner server key, app token, postback secret; advertiser secret): the new
    /// credential is printed this once; with --grace-hours the old one keeps working that long.
    /// </summary>
    private static Command Rotate(IAnsiConsole console, string name, string what, string credential, string label, string description,
        Func<Data.OfferwallDb, long, RotationRequest, CancellationToken, Task<Rotated?>> rotate)
    {
        var id = OperatorOptions.Id("--id", $"The {what}'s id.");
        var grace = OperatorOptions.Count("--grace-hours", "Hours the old one keeps working (default 0: it stops at once).", 0, RotationRequest.MaxGraceHours, 0);
        return OperatorAction.Command(name, description, console, [id, grace], async run =>
        {
            var db = await run.OpenDatabaseAsync();
            if (await rotate(db, run.Get(id), new RotationRequest(run.Get(grace)), run.Cancellation) is not { } rotated)
            {
                console.MarkupLineInterpolated($"[red]No {what} has id {run.Get(id)}.[/]");
                return OperatorAction.Failed;
            }
            var old = rotated.PreviousValidUntil is { } until ? $"the old one works until {Utc(until)} UTC" : "the old one no longer works";
            console.MarkupLineInterpolated($"[green]The {what} {run.Get(id)} has a new {credential}; {old}.[/]");
            console.MarkupLine("[yellow]Keep it now: it is shown this once.[/]");
            run.Labelled(label, rotated.Credential);
            return 0;
        });
    }

    private static Command RotateKey(IAnsiConsole console) => Rotate(console, "rotate-key", "partner", "server key", "Server key (Data API)",
        "Replace a partner's server key (Data API); the old key stops working at once, or after --grace-hours.",
        (db, id, r, ct) => PartnerAdmin.RotateKeyAsync(db, id, r, OperatorRun.Now, ct));

    private static Command RotateAppToken(IAnsiConsole console) => Rotate(console, "rotate-app-token", "partner", "app token", "App token (client API)",
        "Replace a partner's app token (client API); the old token stops working at once, or after --grace-hours.",
        (db, id, r, ct) => PartnerAdmin.RotateAppTokenAsync(db, id, r, OperatorRun.Now, ct));

    private static Command RotatePostbackSecret(IAnsiConsole console) => Rotate(console, "rotate-postback-secret", "partner", "postback secret", "Postback secret",
        "Replace the secret that signs a partner's postbacks; during --grace-hours postbacks are still signed with the old one too.",
        (db, id, r, ct) => PartnerAdmin.RotatePostbackSecretAsync(db, id, r, OperatorRun.Now, ct));

    private static Command RotateAdvertiserSecret(IAnsiConsole console) => Rotate(console, "rotate-secret", "advertiser", "secret", "Secret",
        "Replace an advertiser's signing secret; signatures under the old one are accepted for --grace-hours more.",
        (db, id, r, ct) => AdvertiserAdmin.RotateSecretAsync(db, id, r, OperatorRun.Now, ct));

    private static Command CreateAdvertiser(IAnsiConsole console)
    {
        var name = OperatorOptions.Text("--name", "The advertiser's name.", required: true);
        var allowedIps = OperatorOptions.Text("--allowed-ips", "Comma-separated IPs and CIDR ranges the advertiser's postbacks come from.");
        var ipOnly = OperatorOptions.Flag("--ip-only", "Accept unsigned postbacks from --allowed-ips (IP-only authentication; off: every postback must be signed).");
        var profile = OperatorOptions.Text("--intake-profile", "signed (default), or the MMP: appsflyer, adjust, singular, branch, kochava, generic.");
        var currency = OperatorOptions.Text("--currency", "The MMP's revenue currency when a postback names none (default USD).");
        var mmpAuth = OperatorOptions.Text("--mmp-auth", "token (default), token_or_ranges or token_and_ranges (docs/integrations.md).");
        return OperatorAction.Command("create", "Create an advertiser; prints its id and its postback signing secret (an MMP's: its token and template), this once.",
            console, [name, allowedIps, ipOnly, profile, currency, mmpAuth], async run =>
            {
                var advertiser = new NewAdvertiser(run.Get(name), run.Get(allowedIps), run.Get(ipOnly), run.Get(profile), run.Get(currency), run.Get(mmpAuth));
                if (AdvertiserAdmin.Validate(advertiser) is { Count: > 0 } errors) return run.Invalid("The advertiser is not valid", errors);
                var db = await run.OpenDatabaseAsync();
                var created = await AdvertiserAdmin.CreateAsync(db, advertiser, OperatorRun.Now, run.Cancellation, MmpCommands.BaseUrl(run));
                console.MarkupLineInterpolated($"[green]Advertiser {created.Id} ({created.Name}) created.[/]");
                console.MarkupLine("[yellow]Give the secret to the advertiser now: it signs their conversion postbacks.[/]");
                run.Labelled("Advertiser id", created.Id.ToString(CultureInfo.InvariantCulture));
                run.Labelled("Secret", created.Secret);
                run.Labelled("Allowed IPs", created.AllowedIps.Length > 0 ? created.AllowedIps : "(none)");
                run.Labelled("Unsigned postbacks", created.IpOnlyAuth ? "accepted from the allowed IPs (IP-only authentication)" : "refused: every postback must be signed");
                if (created.Token is not null)
                {
                    run.Labelled("Intake profile", created.IntakeProfile);
                    run.Labelled("Postback token", created.Token);
                    run.Labelled("Postback template", created.PostbackTemplate!);
                    run.Labelled("Click URL parameter", created.ClickUrlParameter!);
                }
                return 0;
            });
    }

    private static Command SetAllowedIps(IAnsiConsole console)
    {
        var id = OperatorOptions.Id("--id", "The advertiser's id.");
        var allowedIps = OperatorOptions.Text("--allowed-ips", "Comma-separated IPs and CIDR ranges (empty: none).", required: true);
        var ipOnly = OperatorOptions.Flag("--ip-only", "Accept unsigned postbacks from these addresses (IP-only authentication).");
        return OperatorAction.Command("allowed-ips", "Set the addresses an advertiser's postbacks may come from, and whether they alone authenticate.", console,
            [id, allowedIps, ipOnly], async run =>
            {
                var addresses = new AdvertiserAddresses(run.Get(allowedIps), run.Get(ipOnly));
                if (AdvertiserAdmin.ValidateAddresses(addresses) is { Count: > 0 } errors) return run.Invalid("The addresses are not valid", errors);
                var db = await run.OpenDatabaseAsync();
                if (!await AdvertiserAdmin.SetAddressesAsync(db, run.Get(id), addresses, run.Cancellation))
                {
                    console.MarkupLineInterpolated($"[red]No advertiser has id {run.Get(id)}.[/]");
                    return OperatorAction.Failed;
                }
                var unsigned = addresses.IpOnlyAuth ? "accepted from these addresses" : "refused";
                console.MarkupLineInterpolated($"[green]Advertiser {run.Get(id)} updated: unsigned postbacks are {unsigned}.[/]");
                return 0;
            });
    }

    private static Command ListAdvertisers(IAnsiConsole console) =>
        OperatorAction.Command("list", "List every advertiser (never its secret).", console, [], async run =>
        {
            var db = await run.OpenDatabaseAsync();
            var advertisers = await AdvertiserAdmin.ListAsync(db, OperatorRun.Now, run.Cancellation);
            if (advertisers.Count == 0) { console.WriteLine("No advertisers yet: add one with `offerwall advertisers create`."); return 0; }
            var table = new Table().AddColumns("Id", "Name", "Allowed IPs", "IP-only", "Old secret valid until (UTC)", "Created (UTC)");
            foreach (var a in advertisers)
                table.AddRow(Cell(a.Id), Cell(a.Name), Cell(a.AllowedIps), Cell(a.IpOnlyAuth ? "yes" : "no"),
                    Cell(a.PreviousSecretValidUntil is { } until ? Utc(until) : ""), Cell(a.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            console.Write(table);
            return 0;
        });

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
                var (starts, ends) = (Utc(created.StartsAt), Utc(created.EndsAt));
                console.MarkupLineInterpolated(
                    $"[green]Promotion {created.Id} created: reward × {Amount(created.Multiplier)} + {Amount(created.Bonus)} USD, from {starts} to {ends} UTC.[/]");
                run.Labelled("Promotion id", created.Id.ToString(CultureInfo.InvariantCulture));
                return 0;
            });
    }

    /// <summary>A table cell of plain text: names and URLs may hold '[', which Spectre would read as markup.</summary>
    internal static Text Cell(object value) => new(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");

    internal static string Amount(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    internal static string Utc(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
