namespace Offerwall.Web;

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
