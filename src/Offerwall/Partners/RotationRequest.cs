using System.ComponentModel.DataAnnotations;
using Offerwall.Web;

namespace Offerwall.Partners;

/// <summary>
/// A rotation of a credential (server key, app token, postback secret, advertiser secret): a new one at
/// once, and optionally a grace period of <see cref="GraceHours"/> during which the one before it still
/// works, so the other side can switch without losing a request. 0: the old one stops at once.
/// Rotating again during a grace period ends it: only the latest previous credential is kept.
/// </summary>
public sealed record RotationRequest(int GraceHours = 0) : IValidatableObject
{
    public const int MaxGraceHours = 720;

    /// <summary>The errors of this request (the command line prints them); empty when valid.</summary>
    public Dictionary<string, string[]> Errors() => GraceHours is < 0 or > MaxGraceHours
        ? new() { ["grace_hours"] = [$"Grace hours must be from 0 to {MaxGraceHours}."] }
        : [];

    /// <summary>The admin API's check (the framework's validation): <see cref="Errors"/>.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context) => BodyValidation.Results(Errors());

    /// <summary>Until when the previous credential works; null when it stops at once.</summary>
    public DateTime? PreviousUntil(DateTime now) => GraceHours > 0 ? now.AddHours(GraceHours) : null;
}

/// <summary>The new credential, shown this once, and until when the one before it still works (null: it no longer does).</summary>
public sealed record Rotated(string Credential, DateTime? PreviousValidUntil);
