using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Partners;
using Offerwall.Web;

namespace Offerwall.Offers;

/// <param name="IpOnlyAuth">Accept unsigned postbacks from <paramref name="AllowedIps"/> (off: every postback must be signed).</param>
/// <param name="IntakeProfile">"signed" (default), or the advertiser's MMP: appsflyer, adjust, singular, branch, kochava, generic (docs/integrations.md).</param>
/// <param name="Currency">The currency the MMP reports revenue in when a postback names none (default USD).</param>
/// <param name="MmpAuth">token (default), token_or_ranges or token_and_ranges: what authenticates an MMP postback.</param>
public sealed record NewAdvertiser(string Name, string? AllowedIps = null, bool IpOnlyAuth = false, string? IntakeProfile = null, string? Currency = null,
    string? MmpAuth = null) : IValidatableObject
{
    /// <summary>The admin API's check (the framework's validation): <see cref="AdvertiserAdmin.Validate"/>.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context) => BodyValidation.Results(AdvertiserAdmin.Validate(this));
}

/// <summary>
/// The advertiser's secret is in this answer once; so is, for an MMP profile, the token of its postback URL and the template to paste
/// into the MMP (the click URL parameter goes into the offer's tracking link).
/// </summary>
public sealed record AdvertiserCreated(long Id, string Name, string Secret, string AllowedIps, bool IpOnlyAuth, string IntakeProfile = MmpProfile.Signed,
    string? Token = null, string? PostbackTemplate = null, string? ClickUrlParameter = null);

/// <summary>A rotated MMP token with its template, shown this once, and until when the old one still works (null: it stopped at once).</summary>
public sealed record RotatedToken(string Token, string PostbackTemplate, DateTime? PreviousValidUntil);

/// <summary>Where an advertiser's postbacks may come from, and whether that alone authenticates them.</summary>
public sealed record AdvertiserAddresses(string? AllowedIps, bool IpOnlyAuth = false) : IValidatableObject
{
    /// <summary>The admin API's check (the framework's validation): <see cref="AdvertiserAdmin.ValidateAddresses"/>.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context) => BodyValidation.Results(AdvertiserAdmin.ValidateAddresses(this));
}

/// <summary>An advertiser's edit (PATCH): a field left out, or null, keeps its value; the others are checked as at creation.</summary>
public sealed record AdvertiserEdit(string? Name = null, string? Currency = null, string? MmpAuth = null) : IValidatableObject
{
    /// <summary>The admin API's check (the framework's validation): <see cref="AdvertiserAdmin.ValidateEdit"/>.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context) => BodyValidation.Results(AdvertiserAdmin.ValidateEdit(this));
}

/// <summary>An advertiser as operators see it: never its secret.</summary>
public sealed record AdvertiserView(long Id, string Name, string AllowedIps, bool IpOnlyAuth, DateTime? PreviousSecretValidUntil, DateTime CreatedAt,
    string IntakeProfile = MmpProfile.Signed, string Currency = CurrencyRates.Usd, string MmpAuth = AdvertiserAdmin.TokenAuth, DateTime? PreviousTokenValidUntil = null);

/// <summary>The operator's advertiser operations, shared by the admin API and the command line.</summary>
public static class AdvertiserAdmin
{
    public const string TokenAuth = "token";
    public static readonly string[] MmpAuthModes = [TokenAuth, "token_or_ranges", "token_and_ranges"];

    /// <param name="baseUrl">How MMPs reach this server, for the postback template.</param>
    public static async Task<AdvertiserCreated> CreateAsync(OfferwallDb db, NewAdvertiser a, DateTime now, CancellationToken ct = default, string baseUrl = "")
    {
        var profile = MmpProfile.Of(a.IntakeProfile ?? MmpProfile.Signed);
        var token = profile is null ? null : NewToken();
        var advertiser = new Advertiser
        {
            Name = a.Name.Trim(), Secret = PartnerKeys.NewSecret(), AllowedIps = Normalize(a.AllowedIps), IpOnlyAuth = a.IpOnlyAuth, CreatedAt = now,
            IntakeProfile = profile?.Name ?? MmpProfile.Signed, Currency = (a.Currency ?? CurrencyRates.Usd).ToUpperInvariant(), MmpAuth = a.MmpAuth ?? TokenAuth,
            TokenHash = token is null ? null : PartnerKeys.Hash(token),
        };
        db.Advertisers.Add(advertiser);
        await db.SaveChangesAsync(ct);
        return new AdvertiserCreated(advertiser.Id, advertiser.Name, advertiser.Secret, advertiser.AllowedIps, advertiser.IpOnlyAuth, advertiser.IntakeProfile,
            token, token is null ? null : profile!.PostbackTemplate(baseUrl, advertiser.Id, token), profile?.ClickUrlParameter);
    }

    /// <summary>An MMP postback token: "ow_mmp_" and 32 random bytes in URL-safe base64, stored only as its SHA-256.</summary>
    public static string NewToken() => "ow_mmp_" + PartnerKeys.RandomToken(32);

    public static Dictionary<string, string[]> Validate(NewAdvertiser a)
    {
        var errors = ValidateAddresses(new AdvertiserAddresses(a.AllowedIps, a.IpOnlyAuth));
        if (string.IsNullOrWhiteSpace(a.Name) || a.Name.Length > 200 || !StoredText.IsStorable(a.Name)) errors["name"] = ["Name must be 1 to 200 characters."];
        if (a.IntakeProfile is not null && !MmpProfile.Names.Contains(a.IntakeProfile))
            errors["intake_profile"] = [$"Intake profile must be one of: {string.Join(", ", MmpProfile.Names)}."];
        if (a.Currency is not null && !CurrencyRates.IsCode(a.Currency)) errors["currency"] = ["Currency must be a three-letter code (ISO 4217), e.g. EUR."];
        if (a.MmpAuth is not null && !MmpAuthModes.Contains(a.MmpAuth)) errors["mmp_auth"] = [$"MMP authentication must be one of: {string.Join(", ", MmpAuthModes)}."];
        return errors;
    }

    /// <summary>The fields an edit sends, by the rules of <see cref="Validate"/>.</summary>
    public static Dictionary<string, string[]> ValidateEdit(AdvertiserEdit e)
    {
        var errors = Validate(new NewAdvertiser(e.Name ?? "x", Currency: e.Currency, MmpAuth: e.MmpAuth));
        if (e.Name is null) errors.Remove("name");
        return errors;
    }

    /// <summary>Changes the fields the edit sends; null when there is no such advertiser.</summary>
    public static async Task<AdvertiserView?> EditAsync(OfferwallDb db, long advertiserId, AdvertiserEdit e, DateTime now, CancellationToken ct = default)
    {
        if (await db.Advertisers.FirstOrDefaultAsync(a => a.Id == advertiserId, ct) is not { } advertiser) return null;
        if (e.Name is not null) advertiser.Name = e.Name.Trim();
        if (e.Currency is not null) advertiser.Currency = e.Currency.ToUpperInvariant();
        if (e.MmpAuth is not null) advertiser.MmpAuth = e.MmpAuth;
        await db.SaveChangesAsync(ct);
        return View(advertiser, now);
    }

    public static async Task<AdvertiserView?> ShowAsync(OfferwallDb db, long advertiserId, DateTime now, CancellationToken ct = default) =>
        await db.Advertisers.AsNoTracking().FirstOrDefaultAsync(a => a.Id == advertiserId, ct) is { } advertiser ? View(advertiser, now) : null;

    /// <summary>
    /// Replaces the token of the advertiser's MMP postback URL; the old one is accepted until the grace period ends.
    /// Null: no such advertiser, or one on the signed profile (it has no token).
    /// </summary>
    public static async Task<RotatedToken?> RotateTokenAsync(OfferwallDb db, long advertiserId, RotationRequest rotation, DateTime now, string baseUrl,
        CancellationToken ct = default)
    {
        var profileName = await db.Advertisers.Where(x => x.Id == advertiserId).Select(x => x.IntakeProfile).FirstOrDefaultAsync(ct);
        if (profileName is null || MmpProfile.Of(profileName) is not { } profile) return null;
        var token = NewToken();
        var hash = PartnerKeys.Hash(token);
        var until = rotation.PreviousUntil(now);
        await db.Advertisers.Where(x => x.Id == advertiserId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.PreviousTokenHash, x => until == null ? null : x.TokenHash).SetProperty(x => x.PreviousTokenUntil, until)
            .SetProperty(x => x.TokenHash, hash), ct);
        return new RotatedToken(token, profile.PostbackTemplate(baseUrl, advertiserId, token), until);
    }

    public static Dictionary<string, string[]> ValidateAddresses(AdvertiserAddresses a)
    {
        var errors = new Dictionary<string, string[]>();
        if (a.AllowedIps is { Length: > 2048 }) errors["allowed_ips"] = ["Allowed IPs must be at most 2048 characters."];
        else
            foreach (var item in Items(a.AllowedIps))
                if (!System.Net.IPNetwork.TryParse(item, out _) && !System.Net.IPAddress.TryParse(item, out _))
                    errors["allowed_ips"] = [$"'{item}' is not an IP address or CIDR range."];
        if (a.IpOnlyAuth && !Items(a.AllowedIps).Any())
            errors["ip_only_auth"] = ["IP-only authentication needs at least one allowed IP or range."];
        return errors;
    }

    /// <summary>Changes where the advertiser's postbacks may come from; false when there is no such advertiser.</summary>
    public static async Task<bool> SetAddressesAsync(OfferwallDb db, long advertiserId, AdvertiserAddresses a, CancellationToken ct = default)
    {
        var allowed = Normalize(a.AllowedIps);
        return await db.Advertisers.Where(x => x.Id == advertiserId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.AllowedIps, allowed).SetProperty(x => x.IpOnlyAuth, a.IpOnlyAuth), ct) > 0;
    }

    /// <summary>
    /// Replaces the secret that signs the advertiser's postbacks; signatures under the old one are
    /// accepted until the grace period ends. Null: no such advertiser.
    /// </summary>
    public static async Task<Rotated?> RotateSecretAsync(OfferwallDb db, long advertiserId, RotationRequest rotation, DateTime now, CancellationToken ct = default)
    {
        var secret = PartnerKeys.NewSecret();
        var until = rotation.PreviousUntil(now);
        var changed = await db.Advertisers.Where(x => x.Id == advertiserId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.PreviousSecret, x => until == null ? null : x.Secret).SetProperty(x => x.PreviousSecretUntil, until)
            .SetProperty(x => x.Secret, secret), ct);
        return changed == 0 ? null : new Rotated(secret, until);
    }

    public static async Task<List<AdvertiserView>> ListAsync(OfferwallDb db, DateTime now, CancellationToken ct = default) =>
        (await db.Advertisers.AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct)).ConvertAll(a => View(a, now));

    private static AdvertiserView View(Advertiser a, DateTime now) => new(a.Id, a.Name, a.AllowedIps,
        a.IpOnlyAuth, a.PreviousSecret is not null && a.PreviousSecretUntil > now ? a.PreviousSecretUntil : null, a.CreatedAt,
        a.IntakeProfile, a.Currency, a.MmpAuth, a.PreviousTokenHash is not null && a.PreviousTokenUntil > now ? a.PreviousTokenUntil : null);

    private static IEnumerable<string> Items(string? list) => (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Normalize(string? list) => string.Join(',', Items(list));
}
