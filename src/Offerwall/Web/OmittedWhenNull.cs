using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Offerwall.Web;

/// <summary>
/// OpenAPI schema transformer: a property left out of the JSON when it is null
/// (<c>[JsonIgnore(Condition = WhenWritingNull)]</c>, as the Data API's reverse, type and survey_id) is not
/// required, whatever the record's constructor says: the document must not promise a key the body may lack.
/// </summary>
public static class OmittedWhenNull
{
    public static Task Apply(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (schema.Required is not { Count: > 0 } required) return Task.CompletedTask;
        foreach (var property in context.JsonTypeInfo.Properties)
            if (property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true).OfType<JsonIgnoreAttribute>()
                    .Any(a => a.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault) == true)
                required.Remove(property.Name);
        return Task.CompletedTask;
    }
}
