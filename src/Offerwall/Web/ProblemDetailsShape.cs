namespace Offerwall.Web;

/// <summary>The admin API's errors, and ASP.NET Core's own: problem details, validation errors as <c>HttpValidationProblemDetails</c> (400).</summary>
public sealed class ProblemDetailsShape : ErrorShape
{
    public static readonly ProblemDetailsShape Instance = new();

    public override IResult Invalid(Dictionary<string, string[]> errors) => Results.ValidationProblem(errors);

    public override IResult NotFound(string detail) => Results.Problem(statusCode: 404, title: "Not found", detail: detail);
}
