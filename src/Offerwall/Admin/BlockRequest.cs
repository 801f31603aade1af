using System.ComponentModel.DataAnnotations;
using Offerwall.Partners;
using Offerwall.Web;

namespace Offerwall.Admin;

/// <summary>The optional body of a block, unblock, suspension or resumption: the operator's reason for the history (at most 500 characters).</summary>
public sealed record BlockRequest(string? Reason) : IValidatableObject
{
    /// <summary>The admin API's check (the framework's validation): <see cref="Blocking.Validate"/>.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context) => BodyValidation.Results(Blocking.Validate(Reason));
}
