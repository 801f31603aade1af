using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Microsoft.OpenApi;
using Offerwall.Web;
using Offerwall.Data;

namespace Offerwall.PartnerApi;

/// <summary>
/// The Data API's query parameters (seed 000) as sent, every value of each: <see cref="ConversionQuery.Parse"/>
/// reads the last one and checks it in Laravel's words, so a bad value is Laravel's 422, never the
/// framework's 400. The document gives each one's real type and bounds.
/// </summary>
public sealed record ConversionFilters(
    [property: FromQuery(Name = "from_date"), ParameterSchema(JsonSchemaType.String, Format = "date")]
    [property: Description("First day of the range, a US Eastern calendar day (YYYY-MM-DD, years 1970 to 9000). Default: 6 days before to_date, so that the range is 7 days.")]
    StringValues? FromDate,
    [property: FromQuery(Name = "to_date"), ParameterSchema(JsonSchemaType.String, Format = "date")]
    [property: Description("Last day of the range, inclusive, a US Eastern calendar day (YYYY-MM-DD), not before from_date. Default: today (US Eastern).")]
    StringValues? ToDate,
    [property: FromQuery(Name = "user_id"), ParameterSchema(JsonSchemaType.String, MaxLength = User.MaxIdLength)]
    [property: Description("Only this user's rows (the partner's own user id; case-insensitive).")]
    StringValues? UserId,
    [property: FromQuery(Name = "offer_id"), ParameterSchema(JsonSchemaType.String, MaxLength = Offer.MaxPublicIdLength)]
    [property: Description("Only this offer's rows (its offer_id, exact).")]
    StringValues? OfferId,
    [property: FromQuery(Name = "is_reverse"), ParameterSchema(JsonSchemaType.Boolean)]
    [property: Description("true (or 1): only reversals; false (or 0): no reversals. Absent: both.")]
    StringValues? IsReverse,
    [property: FromQuery(Name = "per_page")]
    [property: ParameterSchema(JsonSchemaType.Integer, Format = "int32", Minimum = 1, Maximum = ConversionQuery.MaxPerPage, Default = ConversionQuery.MaxPerPage)]
    [property: Description("Rows per page, 1 to 1000.")]
    StringValues? PerPage,
    [property: FromQuery(Name = "page"), ParameterSchema(JsonSchemaType.Integer, Format = "int32", Minimum = 1, Default = 1)]
    [property: Description("Page number, from 1; a page past the end is empty.")]
    StringValues? Page,
    [property: FromQuery(Name = "type"), ParameterSchema(JsonSchemaType.String, Values = ["offer", "survey"])]
    [property: Description("Only rows of this kind of offer: offer (a game or app) or survey.")]
    StringValues? Type);
