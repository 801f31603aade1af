using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Offerwall.Web;

namespace Offerwall.Admin;

/// <summary>GET /admin/review's filters; a number that is not one is the framework's 400 problem.</summary>
public sealed record ReviewFilters(
    [property: FromQuery(Name = "partner_id"), Description("Only this partner's conversions (its id).")] long? PartnerId,
    [property: FromQuery(Name = "offer_id"), Description("Only this offer's conversions (its offer_id).")] string? OfferId,
    [property: FromQuery(Name = "rule")]
    [property: Description("Only conversions this fraud rule held or flagged (its name, as GET /admin/fraud/rules lists them), or blocked_user: held by a user's block.")]
    string? Rule,
    [property: FromQuery(Name = "state"), ParameterSchema(JsonSchemaType.String, Values = ["held", "flagged"])]
    [property: Description("Only held (pending until decided) or only flagged (paid, to look at) conversions.")]
    string? State,
    [property: FromQuery(Name = "after_id"), Description("Only conversions after this transaction id: the last id of the page before.")] long? AfterId,
    [property: FromQuery(Name = "limit"), ParameterSchema(JsonSchemaType.Integer, Format = "int32", Default = ReviewFilters.DefaultLimit)]
    [property: Description("How many, oldest first: 1 to 1000 (a number outside counts as the nearest end).")]
    int? Limit)
{
    public const int DefaultLimit = 100;
}
