using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Offers;

namespace Offerwall.Fraud;

/// <summary>The operator's fraud rule settings, shared by the admin API and the command line. Changes apply on this node at once, on others within Fraud:Refresh.</summary>
public static class RuleAdmin
{
    public static async Task<List<RuleView>> ListAsync(OfferwallDb db, RuleSettings settings, CancellationToken ct = default)
    {
        var overrides = await OverridesAsync(db, ct);
        return (await settings.DefaultsAsync(db, ct)).Select(d => new RuleView(d.Rule.Name, d.Rule.Description, d.Rule.HasLimit, d.Rule.AtStart, d.Limit,
            FraudRule.OutcomeName(d.Outcome), d.Source, overrides.Where(o => o.Rule == d.Rule.Name && (o.PartnerId is not null || o.OfferId is not null)).ToList()))
            .ToList();
    }

    /// <summary>Checks a setting; the errors by field (empty: fine). The offer is found by its offer_id.</summary>
    public static async Task<(Dictionary<string, string[]> Errors, long? OfferId)> ValidateAsync(OfferwallDb db, FraudRule rule, RuleSettingBody body,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!FraudRule.TryParseOutcome(body.Outcome, out var outcome)) errors["outcome"] = ["The outcome must be off, flag, hold or reject."];
        else if (rule.HasLimit && outcome != RuleOutcome.Off && body.Limit is null) errors["limit"] = [$"The rule {rule.Name} needs a limit."];
        if (body.Limit is < 0 or > RuleSettings.MaxLimit) errors["limit"] = [$"The limit must be from 0 to {RuleSettings.MaxLimit}."];
        if (!rule.HasLimit && body.Limit is not null) errors["limit"] = [$"The rule {rule.Name} has no limit."];
        if (body.PartnerId is not null && body.OfferId is not null) errors["partner_id"] = ["Set a rule for one partner or one offer, not both."];
        if (body.PartnerId is { } partnerId && !await db.Partners.AnyAsync(p => p.Id == partnerId, ct)) errors["partner_id"] = [$"No partner has id {partnerId}."];
        long? offerId = null;
        if (body.OfferId is { } publicId)
        {
            offerId = await OfferStates.IdAsync(db, publicId, ct);
            if (offerId is null) errors["offer_id"] = ["No offer has this offer_id."];
        }
        return (errors, offerId);
    }

    /// <summary>Sets (or replaces) a validated setting.</summary>
    public static async Task<RuleOverrideView> SetAsync(OfferwallDb db, RuleSettings settings, FraudRule rule, RuleSettingBody body, long? offerId, DateTime now,
        CancellationToken ct = default)
    {
        FraudRule.TryParseOutcome(body.Outcome, out var outcome);
        var row = await db.FraudRuleSettings.FirstOrDefaultAsync(r => r.Rule == rule.Name && r.PartnerId == body.PartnerId && r.OfferId == offerId, ct);
        if (row is null) db.FraudRuleSettings.Add(row = new FraudRuleSetting { Rule = rule.Name, PartnerId = body.PartnerId, OfferId = offerId, Outcome = "" });
        row.Limit = rule.HasLimit ? body.Limit : null;
        row.Outcome = FraudRule.OutcomeName(outcome);
        row.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        settings.Forget();
        return new RuleOverrideView(row.Rule, row.PartnerId, body.OfferId, row.Limit, row.Outcome, row.UpdatedAt);
    }

    /// <summary>Removes a setting: the next more general one applies again. False when there was none.</summary>
    public static async Task<bool> RemoveAsync(OfferwallDb db, RuleSettings settings, string rule, long? partnerId, long? offerId, CancellationToken ct = default)
    {
        var removed = await db.FraudRuleSettings.Where(r => r.Rule == rule && r.PartnerId == partnerId && r.OfferId == offerId).ExecuteDeleteAsync(ct);
        settings.Forget();
        return removed > 0;
    }

    private static Task<List<RuleOverrideView>> OverridesAsync(OfferwallDb db, CancellationToken ct) =>
        (from r in db.FraudRuleSettings.AsNoTracking()
         from o in db.Offers.Where(o => o.Id == r.OfferId).DefaultIfEmpty()
         orderby r.Rule, r.PartnerId, r.OfferId
         select new RuleOverrideView(r.Rule, r.PartnerId, o == null ? null : o.PublicId, r.Limit, r.Outcome, r.UpdatedAt)).ToListAsync(ct);
}
