using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Offerwall.Web;

namespace Offerwall.Admin;

/// <summary>GET /admin/partners/{id}/history's filters; a number that is not one is the framework's 400 problem.</summary>
public sealed record BlockHistoryFilters(
    [property: FromQuery(Name = "user_id"), Description("Only this user's blocks and unblocks (the partner's own id of the user, any case).")] string? UserId,
    [property: FromQuery(Name = "before_id"), Description("Only rows older than this id: the last id of the page before.")] long? BeforeId,
    [property: FromQuery(Name = "limit"), ParameterSchema(JsonSchemaType.Integer, Format = "int32", Default = BlockHistoryFilters.DefaultLimit)]
    [property: Description("How many, newest first: 1 to 1000 (a number outside counts as the nearest end).")]
    int? Limit)
{
    public const int DefaultLimit = 100;
}
