namespace Offerwall.Data;

/// <summary>
/// One operator action on a partner or one of its users, for the record: a user blocked or unblocked (<see cref="UserId"/> set), a partner
/// suspended or resumed (<see cref="UserId"/> null). Rows are only ever added.
/// </summary>
public sealed class BlockChange
{
    public const string Block = "block";
    public const string Unblock = "unblock";
    public const string Suspend = "suspend";
    public const string Resume = "resume";

    /// <summary>The longest reason an operator may give for a block or suspension.</summary>
    public const int MaxReasonLength = 500;

    public long Id { get; set; }
    public long PartnerId { get; set; }

    /// <summary>The user's row id, for a block or unblock; null for a partner's suspension or resumption.</summary>
    public long? UserId { get; set; }

    /// <summary>The user's id as the partner spells it (the spelling first seen), copied for the listing; null with <see cref="UserId"/>.</summary>
    public string? UserExternalId { get; set; }

    /// <summary><see cref="Block"/>, <see cref="Unblock"/>, <see cref="Suspend"/> or <see cref="Resume"/>.</summary>
    public required string Action { get; set; }

    /// <summary>Who: "operator" (admin API) or "operator (command line)".</summary>
    public required string Actor { get; set; }

    public string Reason { get; set; } = "";
    public DateTime At { get; set; }
}
