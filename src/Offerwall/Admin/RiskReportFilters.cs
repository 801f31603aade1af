using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Offerwall.Conversions;
using Offerwall.Web;

namespace Offerwall.Admin;

/// <summary>GET /admin/reports/risk's filters besides its days; a number that is not one is the framework's 400 problem.</summary>
public sealed record RiskReportFilters(
    [property: FromQuery(Name = "group_by"), ParameterSchema(JsonSchemaType.String, Values = ["partner", "offer", "user"], Default = "partner")]
    [property: Description("One line per partner, per offer, or per partner's user.")]
    string? GroupBy,
    [property: FromQuery(Name = "partner_id"), Description("Only this partner's conversions (its id).")] long? PartnerId,
    [property: FromQuery(Name = "offer_id"), Description("Only this offer's conversions (its offer_id).")] string? OfferId,
    [property: FromQuery(Name = "limit"), ParameterSchema(JsonSchemaType.Integer, Format = "int32", Default = RiskReportFilters.DefaultLimit)]
    [property: Description("How many lines, most conversions first: 1 to 1000 (a number outside counts as the nearest end).")]
    int? Limit)
{
    public const int DefaultLimit = 100;

    public string Grouping => GroupBy is { Length: > 0 } g ? g : "partner";

    public bool Valid => RiskReport.Groupings.Contains(Grouping);
}
