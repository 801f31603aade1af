namespace Offerwall.Web;

public sealed record LaravelValidationError(string Message, Dictionary<string, string[]> Errors);
