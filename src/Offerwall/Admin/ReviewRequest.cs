using System.ComponentModel.DataAnnotations;

namespace Offerwall.Admin;

/// <summary>POST /admin/review/approve and /cancel: the conversions to decide (1 to 1,000 transaction ids) and an optional note for their history.</summary>
public sealed record ReviewRequest(long[]? Ids, string? Reason) : IValidatableObject
{
    public const int MaxIds = 1000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Ids is not { Length: > 0 and <= MaxIds }) yield return new ValidationResult($"Give 1 to {MaxIds} transaction ids.", ["ids"]);
    }
}
