using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Offerwall.Web;

/// <summary>
/// Endpoint metadata, set on an API's route group next to the check it describes: the operations need
/// every one of these security schemes together. <see cref="Apply"/> writes them into the OpenAPI
/// document (components.securitySchemes, and each operation's security requirement), so a generated
/// client, or the /docs page, sends the key the way the server reads it.
/// </summary>
public sealed class SecuredBy(params SecuredBy.Scheme[] schemes)
{
    /// <summary>A security scheme and the name it has in the document.</summary>
    public sealed record Scheme(string Id, OpenApiSecurityScheme Definition);

    public IReadOnlyList<Scheme> Schemes => schemes;

    public static Scheme Bearer(string id, string description) =>
        new(id, new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = description });

    public static Scheme Header(string id, string header, string description) =>
        new(id, new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = header, Description = description });

    /// <summary>OpenAPI operation transformer: the operation's security requirement, and its schemes in the components.</summary>
    public static Task Apply(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<SecuredBy>().LastOrDefault() is not { } secured || context.Document is not { } document)
            return Task.CompletedTask;
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        var requirement = new OpenApiSecurityRequirement();
        foreach (var scheme in secured.Schemes)
        {
            document.Components.SecuritySchemes.TryAdd(scheme.Id, scheme.Definition);
            requirement[new OpenApiSecuritySchemeReference(scheme.Id, document)] = [];
        }
        operation.Security = [requirement];
        return Task.CompletedTask;
    }
}
