namespace Offerwall.Web;

public static class QueryDocumentation
{
    /// <inheritdoc cref="ParameterSchemaAttribute.DocumentQuery{T, TBuilder}"/>
    public static RouteHandlerBuilder DocumentQuery<T>(this RouteHandlerBuilder builder) => ParameterSchemaAttribute.DocumentQuery<T, RouteHandlerBuilder>(builder);
}
