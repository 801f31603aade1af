using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Offers;

/// <summary>A goal as operators write it in JSON (snake_case keys): kind flat|dynamic, display_type none|up_to|commission.</summary>
public sealed record GoalSpec(string Id, string Name, decimal Payout, decimal Reward, string Kind = "flat", string DisplayType = "none",
    int TypeId = 0, decimal? CommissionAmount = null, string? TimePlayedUnit = null, int? TimePlayedCount = null, int HoldHours = 0,
    int? TimeLimitHours = null, CapsSpec? Caps = null);

/// <summary>
/// Caps and budgets as operators write them (import JSON "caps"): conversions per day and in all, and
/// advertiser spend in USD per day and in all; days in <see cref="TimeZone"/> (the offer's only; US Eastern by default).
/// </summary>
public sealed record CapsSpec(int? DailyConversions = null, int? TotalConversions = null, decimal? DailyBudget = null, decimal? TotalBudget = null,
    string? TimeZone = null);

/// <summary>An offer as operators write it in JSON. Importing an offer whose id exists updates it.</summary>
public sealed record OfferSpec(string Id, long AdvertiserId, string Name, string TrackingUrl, List<GoalSpec> Goals, string Type = "offer",
    string Description = "", string Requirements = "", string IconUrl = "", string ContactUrl = "", string Disclaimer = "",
    string ConfirmationTime = "", List<string>? ThingsToKnow = null, List<string>? Categories = null, bool IsGame = true,
    string ProductId = "", string ProductName = "", List<string>? Countries = null, List<string>? Platforms = null,
    int? TimeLimitHours = null, bool IsActive = true, List<string>? ExcludedCountries = null, string? MinOsVersion = null, string? MaxOsVersion = null,
    DateTime? StartsAt = null, DateTime? EndsAt = null, CapsSpec? Caps = null, string OverCap = "cancel");

/// <summary>An offer's targeting as PATCH /admin/offers/{id} writes it: all of it, as the import does (a field left out: open to all).</summary>
public sealed record TargetingSpec(List<string>? Countries = null, List<string>? ExcludedCountries = null, List<string>? Platforms = null,
    string? MinOsVersion = null, string? MaxOsVersion = null);

/// <summary>An offer's schedule as PATCH /admin/offers/{id} writes it: both ends (a null end: none).</summary>
public sealed record ScheduleSpec(DateTime? StartsAt = null, DateTime? EndsAt = null);

/// <summary>PATCH /admin/offers/{id}: each group sent replaces that group as the import writes it; a group left out (or null) keeps its value.</summary>
public sealed record OfferEdit(TargetingSpec? Targeting = null, ScheduleSpec? Schedule = null, CapsSpec? Caps = null, string? OverCap = null);

public sealed record NewPromotion(string? OfferId, long? PartnerId, decimal Multiplier, decimal Bonus, DateTime StartsAt, DateTime EndsAt);

public sealed record ImportResult(int Created, int Updated);

/// <summary>The operator's offer and promotion operations, shared by the admin API and the command line.</summary>
public static class OfferAdmin
{
    private const string TimeLimitMessage = "Time limit must be from 1 to 87600 hours (ten years).";   // Offer.MaxTimeLimitHours

    /// <summary>Errors of each offer, keyed "offers[i].field"; empty when all are valid.</summary>
    public static async Task<Dictionary<string, string[]>> ValidateAsync(OfferwallDb db, IReadOnlyList<OfferSpec> offers, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var advertisers = (await db.Advertisers.Select(a => a.Id).ToListAsync(ct)).ToHashSet();
        var seen = new HashSet<string>();
        for (var i = 0; i < offers.Count; i++)
        {
            var o = offers[i];
            void Fail(string field, string message) => errors[$"offers[{i}].{field}"] = [message];
            if (o is null) { Fail("", "Offer is missing."); continue; }
            if (string.IsNullOrWhiteSpace(o.Id) || o.Id.Length > Offer.MaxPublicIdLength || !o.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                Fail("id", $"Id must be 1 to {Offer.MaxPublicIdLength} letters, digits, '-' or '_'.");
            else if (!seen.Add(o.Id)) Fail("id", "Id appears twice in this import.");
            if (!advertisers.Contains(o.AdvertiserId)) Fail("advertiser_id", "No advertiser has this id.");
            if (string.IsNullOrWhiteSpace(o.Name) || o.Name.Length > 200) Fail("name", "Name must be 1 to 200 characters.");
            if (o.TrackingUrl is not { Length: <= 2048 }
                || !Uri.TryCreate(o.TrackingUrl.Replace("{", "").Replace("}", ""), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                Fail("tracking_url", "Tracking URL must be an absolute http(s) URL (macros {tx_id}, {user_id}, {partner_id}, {offer_id}).");
            // Every text the offer stores: a string (not null) that fits its column and the database can hold.
            var text = new Dictionary<string, string[]>();
            StoredText.Check(text, "name", o.Name, 200);
            StoredText.Check(text, "tracking_url", o.TrackingUrl, 2048);
            foreach (var (field, value, max) in new[]
            {
                ("description", o.Description, 4000), ("requirements", o.Requirements, 4000), ("disclaimer", o.Disclaimer, 4000),
                ("icon_url", o.IconUrl, 2048), ("contact_url", o.ContactUrl, 2048), ("confirmation_time", o.ConfirmationTime, 2048),
                ("product_id", o.ProductId, 2048), ("product_name", o.ProductName, 2048),
            })
                StoredText.Check(text, field, value, max);
            StoredText.CheckList(text, "things_to_know", o.ThingsToKnow, '\n', 4000);
            StoredText.CheckList(text, "categories", o.Categories, ',', 2048);
            StoredText.CheckList(text, "countries", o.Countries, ',', 2048);
            StoredText.CheckList(text, "platforms", o.Platforms, ',', 2048);
            StoredText.CheckList(text, "excluded_countries", o.ExcludedCountries, ',', 2048);
            foreach (var (field, messages) in text) errors.TryAdd($"offers[{i}].{field}", messages);
            foreach (var (field, list) in new[] { ("countries", o.Countries), ("excluded_countries", o.ExcludedCountries) })
                if (list?.Any(c => c is not { Length: 2 } || !c.All(char.IsAsciiLetter)) == true)
                    errors.TryAdd($"offers[{i}].{field}", [$"{Field(field)} must be ISO 3166-1 alpha-2 codes (two letters)."]);
            if (o.Platforms?.Any(p => Targeting.PlatformOf(p) is null) == true)
                errors.TryAdd($"offers[{i}].platforms", ["Platforms must be android, ios or web (desktop), or android_phone, android_tablet, ios_phone or ios_tablet."]);
            if (OsVersionRange.CheckRange(o.MinOsVersion, o.MaxOsVersion) is { } osError)
                Fail(osError.StartsWith("max_", StringComparison.Ordinal) ? "max_os_version" : "min_os_version",
                    char.ToUpperInvariant(osError[0]) + osError[1..].Replace('_', ' ') + ".");
            if (o.StartsAt is { } starts && o.EndsAt is { } ends && Utc(ends) <= Utc(starts)) Fail("ends_at", "The offer must end after it starts.");
            CheckCaps(o.Caps, "caps", Fail, timeZoneAllowed: true);
            if (o.OverCap is not ("cancel" or "hold")) Fail("over_cap", "Over cap must be cancel or hold.");
            if (o.Type is not ("offer" or "survey")) Fail("type", "Type must be offer or survey.");
            if (o.TimeLimitHours is <= 0 or > Offer.MaxTimeLimitHours) Fail("time_limit_hours", TimeLimitMessage);
            if (o.Goals is not { Count: > 0 }) { Fail("goals", "An offer needs at least one goal."); continue; }
            var goalIds = new HashSet<string>();
            for (var j = 0; j < o.Goals.Count; j++)
            {
                var g = o.Goals[j];
                void FailGoal(string field, string message) => Fail($"goals[{j}].{field}", message);
                if (g is null) { FailGoal("", "Goal is missing."); continue; }
                // Stored as "<offer id>_<goal id>" (unless it starts so already): that is what must fit.
                if (string.IsNullOrWhiteSpace(g.Id) || !goalIds.Add(g.Id) || !StoredText.IsStorable(g.Id)
                    || (o.Id is not null && !g.Id.StartsWith(o.Id + "_", StringComparison.Ordinal) ? o.Id.Length + 1 : 0) + g.Id.Length > 100)
                    FailGoal("id", "Goal id must be unique in the offer and at most 100 characters with the offer id and '_' before it.");
                if (string.IsNullOrWhiteSpace(g.Name) || g.Name.Length > 200 || !StoredText.IsStorable(g.Name)) FailGoal("name", "Name must be 1 to 200 characters.");
                if (g.TimePlayedUnit is { Length: > 20 } || g.TimePlayedUnit is not null && !StoredText.IsStorable(g.TimePlayedUnit))
                    FailGoal("time_played_unit", "Time played unit must be at most 20 characters.");
                if (g.CommissionAmount is < 0 or > 100_000 || g.CommissionAmount?.Scale > 6) FailGoal("commission_amount", "Commission amount must be from 0 to 100,000 USD.");
                if (g.Payout < 0 || g.Payout > 100_000 || g.Payout.Scale > 6) FailGoal("payout", "Payout must be from 0 to 100,000 USD.");
                if (g.Reward < 0 || g.Reward > 100_000 || g.Reward.Scale > 6) FailGoal("reward", "Reward must be from 0 to 100,000 USD.");
                if (g.Kind is not ("flat" or "dynamic")) FailGoal("kind", "Kind must be flat or dynamic.");
                if (g.DisplayType is not ("none" or "up_to" or "commission")) FailGoal("display_type", "Display type must be none, up_to or commission.");
                if (g.TypeId is < 0 or > 4) FailGoal("type_id", "Type id must be 0 to 4.");
                if (g.HoldHours is < 0 or > 24 * 365) FailGoal("hold_hours", "Hold must be 0 to 8760 hours.");
                if (g.TimeLimitHours is <= 0 or > Offer.MaxTimeLimitHours) FailGoal("time_limit_hours", TimeLimitMessage);
                CheckCaps(g.Caps, "caps", FailGoal, timeZoneAllowed: false);
                if (g.Kind == "dynamic" && g.Payout > 0)
                {
                    if (g.Payout < Goal.MinDynamicPayout)
                        FailGoal("payout", "A dynamic goal's payout must be 0 (it then pays its reward as is) or at least 0.01 USD.");
                    else if (g.Reward > g.Payout * Goal.MaxDynamicRewardRatio)
                        FailGoal("reward", "A dynamic goal's reward must be at most 10 times its payout.");
                }
            }
        }
        return errors;
    }

    /// <summary>
    /// Applies an edit of the offer's targeting, schedule, caps or over-cap rule, checked by the import's rules (errors keyed by the
    /// edit's own fields, e.g. "targeting.countries", "caps.daily_budget"). Found false: no such offer. Nothing is written when there are errors.
    /// </summary>
    public static async Task<(bool Found, Dictionary<string, string[]> Errors)> EditAsync(OfferwallDb db, string offerId, OfferEdit e, CancellationToken ct = default)
    {
        if (await db.Offers.FirstOrDefaultAsync(o => o.PublicId == offerId, ct) is not { } offer) return (false, []);
        var (t, s) = (e.Targeting, e.Schedule);
        // The offer's own id and advertiser, stand-ins for the rest: only the errors of the groups sent are kept.
        var spec = new OfferSpec(offer.PublicId, offer.AdvertiserId, "x", "https://x.example/", [new GoalSpec("x", "x", 0, 0)],
            Countries: t?.Countries, Platforms: t?.Platforms, ExcludedCountries: t?.ExcludedCountries, MinOsVersion: t?.MinOsVersion,
            MaxOsVersion: t?.MaxOsVersion, StartsAt: s?.StartsAt, EndsAt: s?.EndsAt, Caps: e.Caps, OverCap: e.OverCap ?? "cancel");
        var errors = new Dictionary<string, string[]>();
        foreach (var (key, messages) in await ValidateAsync(db, [spec], ct))
        {
            var field = key["offers[0].".Length..];
            var name = field switch
            {
                "countries" or "excluded_countries" or "platforms" or "min_os_version" or "max_os_version" when t is not null => "targeting." + field,
                "starts_at" or "ends_at" when s is not null => "schedule." + field,
                "over_cap" when e.OverCap is not null => field,
                _ when field.StartsWith("caps", StringComparison.Ordinal) && e.Caps is not null => field,
                _ => null,
            };
            if (name is not null) errors[name] = messages;
        }
        if (errors.Count > 0) return (true, errors);
        if (t is not null) ApplyTargeting(t, offer);
        if (s is not null) ApplySchedule(s, offer);
        if (e.Caps is not null)
        {
            ApplyCaps(e.Caps, offer.Caps);
            offer.CapTimeZone = e.Caps.TimeZone ?? Caps.DefaultTimeZone;
        }
        if (e.OverCap is not null) offer.OverCap = e.OverCap == "hold" ? OverCapRule.Hold : OverCapRule.Cancel;
        await db.SaveChangesAsync(ct);
        return (true, errors);
    }

    private static string Field(string name) => char.ToUpperInvariant(name[0]) + name[1..].Replace('_', ' ');

    private static void CheckCaps(CapsSpec? caps, string field, Action<string, string> fail, bool timeZoneAllowed)
    {
        if (caps is null) return;
        if (caps.DailyConversions is < 0 or > Caps.MaxConversions) fail(field + ".daily_conversions", "Daily conversions must be from 0 to 1,000,000,000.");
        if (caps.TotalConversions is < 0 or > Caps.MaxConversions) fail(field + ".total_conversions", "Total conversions must be from 0 to 1,000,000,000.");
        if (caps.DailyBudget is < 0 or > Caps.MaxBudget || caps.DailyBudget?.Scale > 6) fail(field + ".daily_budget", "Daily budget must be from 0 to 1,000,000,000 USD.");
        if (caps.TotalBudget is < 0 or > Caps.MaxBudget || caps.TotalBudget?.Scale > 6) fail(field + ".total_budget", "Total budget must be from 0 to 1,000,000,000 USD.");
        if (caps.TimeZone is not null)
        {
            if (!timeZoneAllowed) fail(field + ".time_zone", "A goal's daily caps count in its offer's time zone (caps.time_zone of the offer).");
            else if (CapDays.Find(caps.TimeZone) is null) fail(field + ".time_zone", "Time zone must be an IANA time zone id, such as America/New_York or Europe/Berlin.");
        }
    }

    /// <summary>A time as imported: with an offset, converted to UTC; without one, taken as UTC.</summary>
    private static DateTime Utc(DateTime t) => t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime();

    internal static void ApplyCaps(CapsSpec? spec, Caps caps)
    {
        caps.DailyConversions = spec?.DailyConversions; caps.TotalConversions = spec?.TotalConversions;
        caps.DailyBudget = spec?.DailyBudget; caps.TotalBudget = spec?.TotalBudget;
    }

    /// <summary>Creates or updates each offer (by id) and its goals (by goal id; goal uuids stay stable). Call ValidateAsync first.</summary>
    public static async Task<ImportResult> ImportAsync(OfferwallDb db, IReadOnlyList<OfferSpec> offers, DateTime now, IProgress<int>? progress = null,
        CancellationToken ct = default)
    {
        int created = 0, updated = 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        for (var i = 0; i < offers.Count; i++)
        {
            var spec = offers[i];
            var offer = await db.Offers.Include(o => o.Goals).FirstOrDefaultAsync(o => o.PublicId == spec.Id, ct);
            if (offer is null)
            {
                offer = new Offer { PublicId = spec.Id, Name = spec.Name, TrackingUrl = spec.TrackingUrl, CreatedAt = now };
                db.Offers.Add(offer);
                created++;
            }
            else updated++;
            Apply(spec, offer);
            if (i % 100 == 99) { await db.SaveChangesAsync(ct); progress?.Report(i + 1); }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        progress?.Report(offers.Count);
        return new ImportResult(created, updated);
    }

    private static void ApplyTargeting(TargetingSpec s, Offer o)
    {
        o.Countries = string.Join(',', (s.Countries ?? []).Select(c => c.ToUpperInvariant()));
        o.ExcludedCountries = string.Join(',', (s.ExcludedCountries ?? []).Select(c => c.ToUpperInvariant()));
        o.Platforms = string.Join(',', (s.Platforms ?? []).Select(p => Targeting.PlatformOf(p)).Distinct());
        o.MinOsVersion = string.IsNullOrWhiteSpace(s.MinOsVersion) ? null : s.MinOsVersion;
        o.MaxOsVersion = string.IsNullOrWhiteSpace(s.MaxOsVersion) ? null : s.MaxOsVersion;
    }

    private static void ApplySchedule(ScheduleSpec s, Offer o)
    {
        o.StartsAt = s.StartsAt is { } starts ? Utc(starts) : null;
        o.EndsAt = s.EndsAt is { } ends ? Utc(ends) : null;
    }

    private static void Apply(OfferSpec s, Offer o)
    {
        o.AdvertiserId = s.AdvertiserId; o.Name = s.Name; o.TrackingUrl = s.TrackingUrl;
        o.Kind = s.Type == "survey" ? OfferKind.Survey : OfferKind.Offer;
        o.Description = s.Description; o.Requirements = s.Requirements; o.IconUrl = s.IconUrl; o.ContactUrl = s.ContactUrl;
        o.Disclaimer = s.Disclaimer; o.ConfirmationTime = s.ConfirmationTime; o.ThingsToKnow = string.Join('\n', s.ThingsToKnow ?? []);
        o.Categories = string.Join(',', s.Categories ?? []); o.IsGame = s.IsGame; o.ProductId = s.ProductId; o.ProductName = s.ProductName;
        ApplyTargeting(new TargetingSpec(s.Countries, s.ExcludedCountries, s.Platforms, s.MinOsVersion, s.MaxOsVersion), o);
        ApplySchedule(new ScheduleSpec(s.StartsAt, s.EndsAt), o);
        ApplyCaps(s.Caps, o.Caps);
        o.CapTimeZone = s.Caps?.TimeZone ?? Caps.DefaultTimeZone;
        o.OverCap = s.OverCap == "hold" ? OverCapRule.Hold : OverCapRule.Cancel;
        o.TimeLimitHours = s.TimeLimitHours; o.IsActive = s.IsActive;
        for (var position = 0; position < s.Goals.Count; position++)
        {
            var g = s.Goals[position];
            var publicId = g.Id.StartsWith(s.Id + "_", StringComparison.Ordinal) ? g.Id : $"{s.Id}_{g.Id}";
            var goal = o.Goals.FirstOrDefault(x => x.PublicId == publicId);
            if (goal is null)
            {
                goal = new Goal { PublicId = publicId, Name = g.Name, Uuid = Guid.NewGuid() };
                o.Goals.Add(goal);
            }
            goal.Position = position; goal.Name = g.Name; goal.Payout = g.Payout; goal.Reward = g.Reward;
            goal.Kind = g.Kind == "dynamic" ? GoalKind.Dynamic : GoalKind.Flat;
            goal.DisplayType = g.DisplayType switch { "up_to" => DisplayType.UpTo, "commission" => DisplayType.Commission, _ => DisplayType.None };
            goal.Type = (GoalType)g.TypeId; goal.CommissionAmount = g.CommissionAmount; goal.TimePlayedUnit = g.TimePlayedUnit;
            goal.TimePlayedCount = g.TimePlayedCount; goal.HoldHours = g.HoldHours; goal.TimeLimitHours = g.TimeLimitHours;
            ApplyCaps(g.Caps, goal.Caps);
        }
    }

    public static async Task<Dictionary<string, string[]>> ValidatePromotionAsync(OfferwallDb db, NewPromotion p, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (p.Multiplier < 1 || p.Multiplier > 100 || p.Multiplier.Scale > 6) errors["multiplier"] = ["Multiplier must be from 1 to 100."];
        if (p.Bonus < 0 || p.Bonus > 10_000 || p.Bonus.Scale > 6) errors["bonus"] = ["Bonus must be from 0 to 10,000 USD."];
        if (p.EndsAt <= p.StartsAt) errors["ends_at"] = ["The promotion must end after it starts."];
        if (p.OfferId is not null && (!StoredText.IsStorable(p.OfferId) || !await db.Offers.AnyAsync(o => o.PublicId == p.OfferId, ct)))
            errors["offer_id"] = ["No offer has this id."];
        if (p.PartnerId is not null && !await db.Partners.AnyAsync(x => x.Id == p.PartnerId, ct)) errors["partner_id"] = ["No partner has this id."];
        return errors;
    }

    public static async Task<Promotion> CreatePromotionAsync(OfferwallDb db, NewPromotion p, CancellationToken ct = default)
    {
        var offerId = p.OfferId is null ? (long?)null : await db.Offers.Where(o => o.PublicId == p.OfferId).Select(o => o.Id).FirstAsync(ct);
        var promotion = new Promotion
        {
            OfferId = offerId, PartnerId = p.PartnerId, Multiplier = p.Multiplier, Bonus = p.Bonus,
            StartsAt = p.StartsAt.ToUniversalTime(), EndsAt = p.EndsAt.ToUniversalTime(),
        };
        db.Promotions.Add(promotion);
        await db.SaveChangesAsync(ct);
        return promotion;
    }
}
