using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Offerwall.Web;

namespace Offerwall.Admin;

/// <summary>The operator's partner filter as sent (problem details name a bad one).</summary>
public sealed record PartnerFilter(
    [property: FromQuery(Name = "partner_id"), ParameterSchema(JsonSchemaType.Integer, Format = "int64", Minimum = 0)]
    [property: Description("Only this partner's rows (its id). Absent: every partner's.")]
    string? PartnerId);
