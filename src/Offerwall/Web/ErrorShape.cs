using Microsoft.AspNetCore.Http.Metadata;

namespace Offerwall.Web;

/// <summary>
/// How one API writes the errors its handlers answer: Laravel's bodies under /data/partner, the client
/// API's envelope, the admin API's problem details. Set once on the API's route group
/// (<see cref="ApiErrors.WithErrorShape{TBuilder}"/>); a handler answers <see cref="ApiErrors.Invalid(Dictionary{string, string[]})"/>
/// or <see cref="ApiErrors.NotFound"/> and the shape of the group it runs in writes the answer, so a
/// handler that two APIs share (the postback log) answers each in its own words.
/// </summary>
public abstract class ErrorShape
{
    /// <summary>A request whose parameters or body broke the rules: the messages by field, in the order of the parameters.</summary>
    public abstract IResult Invalid(Dictionary<string, string[]> errors);

    /// <summary>No such thing (for this caller); <paramref name="detail"/> says what, where the shape has room for it.</summary>
    public abstract IResult NotFound(string detail);
}

/// <summary>The shape-neutral error answers, and where a route group sets its shape.</summary>
public static class ApiErrors
{
    public static ApiError Invalid(Dictionary<string, string[]> errors) => new(shape => shape.Invalid(errors));

    public static ApiError Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ApiError NotFound(string detail) => new(shape => shape.NotFound(detail));

    /// <summary>Every endpoint of <paramref name="builder"/> writes its errors in <paramref name="shape"/>.</summary>
    public static TBuilder WithErrorShape<TBuilder>(this TBuilder builder, ErrorShape shape) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(shape);

    /// <summary>Documents an answer of <paramref name="status"/> with a body of type <paramref name="body"/> on every endpoint of <paramref name="builder"/>.</summary>
    public static TBuilder ProducesError<TBuilder>(this TBuilder builder, int status, Type body, string contentType = "application/json")
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(status, body, [contentType]));
}

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

/// <summary>The admin API's errors, and ASP.NET Core's own: problem details, validation errors as <c>HttpValidationProblemDetails</c> (400).</summary>
public sealed class ProblemDetailsShape : ErrorShape
{
    public static readonly ProblemDetailsShape Instance = new();

    public override IResult Invalid(Dictionary<string, string[]> errors) => Results.ValidationProblem(errors);

    public override IResult NotFound(string detail) => Results.Problem(statusCode: 404, title: "Not found", detail: detail);
}
