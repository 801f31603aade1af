using System.ComponentModel.DataAnnotations;

namespace Offerwall.Web;

/// <summary>
/// Request bodies checked by ASP.NET Core's built-in minimal-API validation (<c>AddValidation</c>):
/// a body record implements <see cref="IValidatableObject"/> by handing its validator's errors
/// (field name → messages, the same dictionary the command line prints) to the framework, which
/// answers 400 with <c>HttpValidationProblemDetails</c> before the handler runs.
/// </summary>
public static class BodyValidation
{
    /// <summary>Each message of <paramref name="errors"/> as a result naming its field (snake_case, as the JSON).</summary>
    public static IEnumerable<ValidationResult> Results(Dictionary<string, string[]> errors) =>
        errors.SelectMany(e => e.Value.Select(message => new ValidationResult(message, [e.Key])));

    /// <summary>Whether the server lets URLs point at private networks (<see cref="PrivateNetworkPolicy"/>); refused when unknown.</summary>
    public static bool PrivateNetworksAllowed(ValidationContext context) =>
        context.GetService(typeof(PrivateNetworkPolicy)) is PrivateNetworkPolicy { Allowed: true };
}
