namespace Offerwall.Web;

/// <summary>An error answer whose body the endpoint's <see cref="ErrorShape"/> writes.</summary>
public sealed class ApiError(Func<ErrorShape, IResult> write) : IResult
{
    public Task ExecuteAsync(HttpContext http)
    {
        var shape = http.GetEndpoint()?.Metadata.GetMetadata<ErrorShape>()
            ?? throw new InvalidOperationException($"{http.Request.Path}: the endpoint's route group sets no error shape (WithErrorShape).");
        return write(shape).ExecuteAsync(http);
    }
}
