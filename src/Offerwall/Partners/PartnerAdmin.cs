using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Partners;

public sealed record NewPartner(string Name, string CurrencyName, decimal CurrencyRatio, decimal RevenueShare, string? PostbackUrl = null,
    bool SurveysEnabled = false, bool StatefulPostbacks = false, string PostbackFormat = "get", bool BlockVpn = true, bool NegativeReversals = false)
    : IValidatableObject
{
    /// <summary>The admin API's check (the framework's validation): <see cref="PartnerAdmin.Validate"/>.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context) =>
        BodyValidation.Results(PartnerAdmin.Validate(this, BodyValidation.PrivateNetworksAllowed(context)));
}

/// <summary>A partner's edit (PATCH): a field left out, or null, keeps its value; the others are checked as at creation.</summary>
public sealed record PartnerEdit(string? Name = null, string? CurrencyName = null, decimal? CurrencyRatio = null, decimal? RevenueShare = null,
    bool? SurveysEnabled = null) : IValidatableObject
{
    /// <summary>The admin API's check (the framework's validation): <see cref="PartnerAdmin.ValidateEdit"/>.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context) => BodyValidation.Results(PartnerAdmin.ValidateEdit(this));
}

/// <summary>Whether the client API refuses a partner's users who come from VPN, proxy or hosting addresses.</summary>
public sealed record VpnBlocking(bool BlockVpn);

/// <summary>
/// A partner's postback settings: URL template, format ("get", "standard_webhooks" or "bitlabs"), stateful postbacks, BitLabs-style
/// reversals (negative amounts under their own transaction id).
/// </summary>
public sealed record PostbackSettings(string? PostbackUrl, string PostbackFormat = "get", bool StatefulPostbacks = false, bool NegativeReversals = false)
    : IValidatableObject
{
    /// <summary>The admin API's check (the framework's validation): <see cref="PartnerAdmin.ValidatePostback"/>.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context) =>
        BodyValidation.Results(PartnerAdmin.ValidatePostback(this, BodyValidation.PrivateNetworksAllowed(context)));
}

/// <summary>Secrets are in this answer once: they are never shown again (the key is stored only hashed).</summary>
public sealed record PartnerCredentials(PartnerView Partner, string ServerKey, string PostbackSecret);

/// <summary>The operator's partner operations, shared by the admin API and the command line.</summary>
public static class PartnerAdmin
{
    /// <param name="allowPrivateNetworks">Postbacks:AllowPrivateNetworks: whether postback URLs may point at private addresses.</param>
    public static Dictionary<string, string[]> Validate(NewPartner p, bool allowPrivateNetworks = false)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(p.Name) || p.Name.Length > 200 || !StoredText.IsStorable(p.Name)) errors["name"] = ["Name must be 1 to 200 characters."];
        if (string.IsNullOrWhiteSpace(p.CurrencyName) || p.CurrencyName.Length > 50 || !StoredText.IsStorable(p.CurrencyName))
            errors["currency_name"] = ["Currency name must be 1 to 50 characters."];
        if (p.CurrencyRatio <= 0 || p.CurrencyRatio > 1_000_000 || p.CurrencyRatio.Scale > 6) errors["currency_ratio"] = ["Currency ratio must be above 0 and at most 1,000,000."];
        if (p.RevenueShare < 0 || p.RevenueShare > 1 || p.RevenueShare.Scale > 6) errors["revenue_share"] = ["Revenue share must be from 0 to 1."];
        ValidatePostback(new PostbackSettings(p.PostbackUrl, p.PostbackFormat, p.StatefulPostbacks), allowPrivateNetworks, errors);
        return errors;
    }

    /// <summary>The fields an edit sends, by the rules of <see cref="Validate"/> (the ones left out stand in with valid values).</summary>
    public static Dictionary<string, string[]> ValidateEdit(PartnerEdit e)
    {
        var errors = Validate(new NewPartner(e.Name ?? "x", e.CurrencyName ?? "x", e.CurrencyRatio ?? 1, e.RevenueShare ?? 0));
        string[] sent = [.. (e.Name is null ? [] : new[] { "name" }), .. (e.CurrencyName is null ? [] : new[] { "currency_name" }),
            .. (e.CurrencyRatio is null ? [] : new[] { "currency_ratio" }), .. (e.RevenueShare is null ? [] : new[] { "revenue_share" })];
        return errors.Where(kv => sent.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    /// <summary>
    /// Changes the fields the edit sends; null when there is no such partner. A new currency ratio or revenue share counts for the
    /// conversions recorded from now on: those recorded before (and their ledger rows) keep the amounts they were given.
    /// </summary>
    public static async Task<PartnerView?> EditAsync(OfferwallDb db, long partnerId, PartnerEdit e, CancellationToken ct = default)
    {
        if (await db.Partners.FirstOrDefaultAsync(p => p.Id == partnerId, ct) is not { } partner) return null;
        if (e.Name is not null) partner.Name = e.Name.Trim();
        if (e.CurrencyName is not null) partner.CurrencyName = e.CurrencyName.Trim();
        if (e.CurrencyRatio is { } ratio) partner.CurrencyRatio = ratio;
        if (e.RevenueShare is { } share) partner.RevenueShare = share;
        if (e.SurveysEnabled is { } surveys) partner.SurveysEnabled = surveys;
        await db.SaveChangesAsync(ct);
        return PartnerView.Of(partner);
    }

    public static async Task<PartnerView?> ShowAsync(OfferwallDb db, long partnerId, CancellationToken ct = default) =>
        await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == partnerId, ct) is { } partner ? PartnerView.Of(partner) : null;

    public static Dictionary<string, string[]> ValidatePostback(PostbackSettings p, bool allowPrivateNetworks, Dictionary<string, string[]>? errors = null)
    {
        errors ??= [];
        if (p.PostbackUrl is { Length: > 0 } url
            && (StoredText.IsStorable(url) ? NetworkGuard.Refusal(url, allowPrivateNetworks) : "Postback URL " + StoredText.Unstorable) is { } refusal)
            errors["postback_url"] = [refusal];
        if (p.PostbackFormat is not ("get" or "standard_webhooks" or "bitlabs"))
            errors["postback_format"] = ["Postback format must be get, standard_webhooks or bitlabs."];
        return errors;
    }

    /// <summary>Turns the client API's VPN / proxy / hosting block on or off for a partner; false when there is no such partner.</summary>
    public static async Task<bool> SetVpnBlockingAsync(OfferwallDb db, long partnerId, bool blockVpn, CancellationToken ct = default) =>
        CatalogChanges.Counted(db, await db.Partners.Where(x => x.Id == partnerId).ExecuteUpdateAsync(s => s.SetProperty(x => x.BlockVpn, blockVpn), ct)) > 0;

    /// <summary>Changes where and how postbacks go; false when there is no such partner.</summary>
    public static async Task<bool> SetPostbackAsync(OfferwallDb db, long partnerId, PostbackSettings p, CancellationToken ct = default)
    {
        var url = string.IsNullOrWhiteSpace(p.PostbackUrl) ? null : p.PostbackUrl;
        var format = PartnerView.FormatOf(p.PostbackFormat);
        return CatalogChanges.Counted(db, await db.Partners.Where(x => x.Id == partnerId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.PostbackUrl, url).SetProperty(x => x.PostbackFormat, format).SetProperty(x => x.StatefulPostbacks, p.StatefulPostbacks)
            .SetProperty(x => x.NegativeReversals, p.NegativeReversals), ct)) > 0;
    }

    public static async Task<PartnerCredentials> CreateAsync(OfferwallDb db, NewPartner p, DateTime now, CancellationToken ct = default)
    {
        var key = PartnerKeys.NewServerKey();
        var partner = new Partner
        {
            Name = p.Name.Trim(), CurrencyName = p.CurrencyName.Trim(), CurrencyRatio = p.CurrencyRatio, RevenueShare = p.RevenueShare,
            PostbackUrl = string.IsNullOrWhiteSpace(p.PostbackUrl) ? null : p.PostbackUrl, SurveysEnabled = p.SurveysEnabled,
            StatefulPostbacks = p.StatefulPostbacks, BlockVpn = p.BlockVpn, NegativeReversals = p.NegativeReversals,
            PostbackFormat = PartnerView.FormatOf(p.PostbackFormat),
            ServerKeyHash = PartnerKeys.Hash(key), ServerKeyHint = PartnerKeys.Hint(key),
            AppToken = PartnerKeys.NewAppToken(), PostbackSecret = PartnerKeys.NewSecret(), CreatedAt = now,
        };
        db.Partners.Add(partner);
        await db.SaveChangesAsync(ct);
        return new PartnerCredentials(PartnerView.Of(partner), key, partner.PostbackSecret);
    }

    /// <summary>
    /// Replaces the partner's server key. The old one stops working at once, or at the end of the
    /// rotation's grace period. Null: no such partner.
    /// </summary>
    public static async Task<Rotated?> RotateKeyAsync(OfferwallDb db, long partnerId, RotationRequest rotation, DateTime now, CancellationToken ct = default)
    {
        var key = PartnerKeys.NewServerKey();
        var hash = PartnerKeys.Hash(key);
        var hint = PartnerKeys.Hint(key);
        var until = rotation.PreviousUntil(now);
        // One statement: the right-hand sides read the row as it was, so the previous hash is the one being replaced.
        var changed = CatalogChanges.Counted(db, await db.Partners.Where(p => p.Id == partnerId).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.PreviousServerKeyHash, p => until == null ? null : p.ServerKeyHash).SetProperty(p => p.PreviousServerKeyUntil, until)
            .SetProperty(p => p.ServerKeyHash, hash).SetProperty(p => p.ServerKeyHint, hint), ct));
        return changed == 0 ? null : new Rotated(key, until);
    }

    /// <summary>Replaces the app token the partner's app sends; the old one works until the grace period ends. Null: no such partner.</summary>
    public static async Task<Rotated?> RotateAppTokenAsync(OfferwallDb db, long partnerId, RotationRequest rotation, DateTime now, CancellationToken ct = default)
    {
        var token = PartnerKeys.NewAppToken();
        var until = rotation.PreviousUntil(now);
        var changed = CatalogChanges.Counted(db, await db.Partners.Where(p => p.Id == partnerId).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.PreviousAppToken, p => until == null ? null : p.AppToken).SetProperty(p => p.PreviousAppTokenUntil, until)
            .SetProperty(p => p.AppToken, token), ct));
        return changed == 0 ? null : new Rotated(token, until);
    }

    /// <summary>
    /// Replaces the secret that signs the partner's postbacks. During the grace period postbacks still
    /// carry a signature under the old secret (docs/security.md). Null: no such partner.
    /// </summary>
    public static async Task<Rotated?> RotatePostbackSecretAsync(OfferwallDb db, long partnerId, RotationRequest rotation, DateTime now, CancellationToken ct = default)
    {
        var secret = PartnerKeys.NewSecret();
        var until = rotation.PreviousUntil(now);
        var changed = CatalogChanges.Counted(db, await db.Partners.Where(p => p.Id == partnerId).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.PreviousPostbackSecret, p => until == null ? null : p.PostbackSecret).SetProperty(p => p.PreviousPostbackSecretUntil, until)
            .SetProperty(p => p.PostbackSecret, secret), ct));
        return changed == 0 ? null : new Rotated(secret, until);
    }

    public static async Task<List<PartnerView>> ListAsync(OfferwallDb db, CancellationToken ct = default) =>
        (await db.Partners.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct)).ConvertAll(PartnerView.Of);
}
