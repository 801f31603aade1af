namespace Offerwall.Web;

/// <summary>
/// The partner API's errors, as Laravel writes them: 422 <c>{"message","errors"}</c> with the summary
/// line of <see cref="Summary"/>, 404 <c>{"message":"Not found."}</c>. Set on every
/// /data/partner group by <c>RequirePartnerKey</c> (Partners/PartnerAuth.cs), with the 401 and 429 bodies.
/// </summary>
public sealed class LaravelShape : ErrorShape
{
    public static readonly LaravelShape Instance = new();

    public override IResult Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.Json(new LaravelValidationError(Summary(errors), errors), statusCode: StatusCodes.Status422UnprocessableEntity);

    public override IResult NotFound(string detail) => TypedResults.Json(new LaravelMessage("Not found."), statusCode: StatusCodes.Status404NotFound);

    /// <summary>Laravel's summary line: the first error, and how many more there are.</summary>
    public static string Summary(Dictionary<string, string[]> errors)
    {
        var first = errors.Values.First()[0];
        var more = errors.Values.Sum(v => v.Length) - 1;
        return more switch
        {
            0 => first,
            1 => $"{first} (and 1 more error)",
            _ => $"{first} (and {more} more errors)",
        };
    }
}
