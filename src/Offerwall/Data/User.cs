namespace Offerwall.Data;

/// <summary>
/// A partner's end user, known by the partner's own id. Ids are case-insensitive:
/// <see cref="ExternalIdKey"/> is the lower-cased id that lookups and the unique index use,
/// <see cref="ExternalId"/> the spelling first seen, which the APIs show.
/// </summary>
public sealed class User
{
    public const int MaxIdLength = 50;

    public long Id { get; set; }
    public long PartnerId { get; set; }
    public required string ExternalId { get; set; }
    public required string ExternalIdKey { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>When the operator blocked the user (their starts are refused, their conversions held for review); null: not blocked.</summary>
    public DateTime? BlockedAt { get; set; }

    /// <summary>The operator's reason for the block; null when not blocked.</summary>
    public string? BlockReason { get; set; }

    public static string KeyOf(string externalId) => externalId.ToLowerInvariant();
}
