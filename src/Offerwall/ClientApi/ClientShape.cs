using Offerwall.Web;

namespace Offerwall.ClientApi;

/// <summary>The client API's errors: its envelope, the first message of a validation error with 400.</summary>
public sealed class ClientShape : ErrorShape
{
    public static readonly ClientShape Instance = new();

    public override IResult Invalid(Dictionary<string, string[]> errors) => ClientApi.Error(StatusCodes.Status400BadRequest, errors.Values.First()[0]);

    public override IResult NotFound(string detail) => ClientApi.Error(StatusCodes.Status404NotFound, detail);
}
