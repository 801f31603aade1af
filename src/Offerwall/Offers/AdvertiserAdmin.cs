using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Partners;
using Offerwall.Web;

namespace Offerwall.Offers;

/// <param name="IpOnlyAuth">Accept unsigned postbacks from <paramref name="AllowedIps"/> (off: every postback must be signed).</param>
public sealed record NewAdvertiser(string Name, string? AllowedIps = null, bool IpOnlyAuth = false) : IValidatableObject
{
    /// <summary>The admin API's check (the framework's validation): <see cref="AdvertiserAdmin.Validate"/>.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context) => BodyValidation.Results(AdvertiserAdmin.Validate(this));
}

/// <summary>The advertiser's secret is in this answer once.</summary>
public sealed record AdvertiserCreated(long Id, string Name, string Secret, string AllowedIps, bool IpOnlyAuth);

/// <summary>Where an advertiser's postbacks may come from, and whether that alone authenticates them.</summary>
public sealed record AdvertiserAddresses(string? AllowedIps, bool IpOnlyAuth = false) : IValidatableObject
{
    /// <summary>The admin API's check (the framework's validation): <see cref="AdvertiserAdmin.ValidateAddresses"/>.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context) => BodyValidation.Results(AdvertiserAdmin.ValidateAddresses(this));
}

/// <summary>An advertiser as operators see it: never its secret.</summary>
public sealed record AdvertiserView(long Id, string Name, string AllowedIps, bool IpOnlyAuth, DateTime? PreviousSecretValidUntil, DateTime CreatedAt);

/// <summary>The operator's advertiser operations, shared by the admin API and the command line.</summary>
public static class AdvertiserAdmin
{
    public static async Task<AdvertiserCreated> CreateAsync(OfferwallDb db, NewAdvertiser a, DateTime now, CancellationToken ct = default)
    {
        var advertiser = new Advertiser
        {
            Name = a.Name.Trim(), Secret = PartnerKeys.NewSecret(), AllowedIps = Normalize(a.AllowedIps), IpOnlyAuth = a.IpOnlyAuth, CreatedAt = now,
        };
        db.Advertisers.Add(advertiser);
        await db.SaveChangesAsync(ct);
        return new AdvertiserCreated(advertiser.Id, advertiser.Name, advertiser.Secret, advertiser.AllowedIps, advertiser.IpOnlyAuth);
    }

    public static Dictionary<string, string[]> Validate(NewAdvertiser a)
    {
        var errors = ValidateAddresses(new AdvertiserAddresses(a.AllowedIps, a.IpOnlyAuth));
        if (string.IsNullOrWhiteSpace(a.Name) || a.Name.Length > 200 || !StoredText.IsStorable(a.Name)) errors["name"] = ["Name must be 1 to 200 characters."];
        return errors;
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
        (await db.Advertisers.AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct)).ConvertAll(a => new AdvertiserView(a.Id, a.Name, a.AllowedIps,
            a.IpOnlyAuth, a.PreviousSecret is not null && a.PreviousSecretUntil > now ? a.PreviousSecretUntil : null, a.CreatedAt));

    private static IEnumerable<string> Items(string? list) => (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Normalize(string? list) => string.Join(',', Items(list));
}
