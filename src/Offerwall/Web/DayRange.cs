using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace Offerwall.Web;

/// <summary>
/// A range of US Eastern calendar days as sent (from_date, to_date): each endpoint checks the text in its
/// own API's words, and fills what is missing with the one 7-day default (EasternTime.DefaultRange).
/// </summary>
public sealed record DayRange(
    [property: FromQuery(Name = "from_date"), ParameterSchema(JsonSchemaType.String, Format = "date")]
    [property: Description("First US Eastern day (YYYY-MM-DD). Default: 6 days before to_date, so that the range is 7 days.")]
    string? FromDate,
    [property: FromQuery(Name = "to_date"), ParameterSchema(JsonSchemaType.String, Format = "date")]
    [property: Description("Last US Eastern day, inclusive (YYYY-MM-DD), not before from_date. Default: today (US Eastern).")]
    string? ToDate);
