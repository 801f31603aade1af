using Offerwall.Web;

namespace Offerwall.PartnerApi;

/// <summary>
/// The partner API's errors, as Laravel writes them: 422 <c>{"message","errors"}</c> with the summary
/// line of <see cref="ConversionQuery.Summary"/>, 404 <c>{"message":"Not found."}</c>. Set on every
/// /data/partner group by <see cref="PartnerAuth.RequirePartnerKey"/>, with the 401 and 429 bodies.
/// </summary>
public sealed class LaravelShape : ErrorShape
{
    public static readonly LaravelShape Instance = new();

    public override IResult Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.Json(new LaravelValidationError(ConversionQuery.Summary(errors), errors), statusCode: StatusCodes.Status422UnprocessableEntity);

    public override IResult NotFound(string detail) => TypedResults.Json(new LaravelMessage("Not found."), statusCode: StatusCodes.Status404NotFound);
}
