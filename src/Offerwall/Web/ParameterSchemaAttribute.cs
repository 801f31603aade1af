using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Offerwall.Web;

/// <summary>
/// What a query parameter accepts, for the OpenAPI document, where its .NET type does not say it. The
/// APIs read most parameters as text and check it themselves, so that a bad value gets the API's own
/// error (Laravel's 422 with its message under /data/partner) and not the framework's bare 400; the
/// document still gives clients the real type, format, bounds, allowed values and default.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ParameterSchemaAttribute(JsonSchemaType type) : Attribute
{
    public JsonSchemaType Type => type;

    /// <summary>OpenAPI format: date, int32, int64, decimal.</summary>
    public string? Format { get; set; }

    public double Minimum { get; set; } = double.NaN;
    public double Maximum { get; set; } = double.NaN;
    public int MaxLength { get; set; }
    public string? Pattern { get; set; }

    /// <summary>The allowed values, as sent.</summary>
    public string[]? Values { get; set; }

    /// <summary>The value the API uses when the parameter is absent or empty (a number, bool or string).</summary>
    public object? Default { get; set; }

    /// <summary>OpenAPI schema transformer: a parameter with this attribute gets the schema it describes.</summary>
    public static Task Apply(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.ParameterDescription?.ParameterDescriptor is IParameterInfoParameterDescriptor { ParameterInfo: var parameter }
            && parameter.GetCustomAttribute<ParameterSchemaAttribute>() is { } declared)
            declared.Describe(schema);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Documents the properties of <typeparamref name="T"/> as the operation's query parameters (name from
    /// [FromQuery], [Description], this attribute), for an endpoint that reads its query itself instead of binding it.
    /// </summary>
    public static TBuilder DocumentQuery<T, TBuilder>(TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var property in typeof(T).GetProperties())
            {
                var schema = new OpenApiSchema();
                property.GetCustomAttribute<ParameterSchemaAttribute>()?.Describe(schema);
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = property.GetCustomAttribute<Microsoft.AspNetCore.Mvc.FromQueryAttribute>()?.Name ?? property.Name,
                    In = ParameterLocation.Query,
                    Description = property.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description,
                    Schema = schema,
                });
            }
            return Task.CompletedTask;
        });

    private void Describe(OpenApiSchema schema)
    {
        schema.Type = Type;
        schema.Format = Format;
        schema.Items = null;
        schema.Pattern = Pattern;
        schema.Minimum = double.IsNaN(Minimum) ? null : Minimum.ToString(CultureInfo.InvariantCulture);
        schema.Maximum = double.IsNaN(Maximum) ? null : Maximum.ToString(CultureInfo.InvariantCulture);
        schema.MaxLength = MaxLength > 0 ? MaxLength : null;
        schema.Enum = Values?.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
        schema.Default = Default switch
        {
            null => null,
            bool b => JsonValue.Create(b),
            int i => JsonValue.Create(i),
            long l => JsonValue.Create(l),
            double d => JsonValue.Create(d),
            var other => JsonValue.Create(Convert.ToString(other, CultureInfo.InvariantCulture)),
        };
    }
}
