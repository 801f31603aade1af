using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Microsoft.OpenApi;
using Offerwall.Web;

namespace Offerwall.PartnerApi;

/// <summary>
/// The offer catalog's query parameters as sent, every value of each: <see cref="PartnerOfferQuery.Parse"/> reads the last one and checks
/// it in Laravel's words, so a bad value is Laravel's 422, never the framework's 400.
/// </summary>
public sealed record PartnerOfferFilters(
    [property: FromQuery(Name = "status"), ParameterSchema(JsonSchemaType.String, Values = ["active", "capped", "scheduled", "paused", "all"], Default = "active")]
    [property: Description("Only offers of this budget_status; all: every status. Default: active, the offers users can start now.")]
    StringValues? Status,
    [property: FromQuery(Name = "country"), ParameterSchema(JsonSchemaType.String, MaxLength = 2, Pattern = "^[A-Za-z]{2}$")]
    [property: Description("Only offers a user in this country may start (ISO 3166-1 alpha-2, any case): listed in countries, or none listed, and not excluded.")]
    StringValues? Country,
    [property: FromQuery(Name = "platform"), ParameterSchema(JsonSchemaType.String, Values = ["android", "ios", "web"])]
    [property: Description("Only offers completable on this platform (any device type and OS version of it): listed in platforms, or none listed.")]
    StringValues? Platform,
    [property: FromQuery(Name = "type"), ParameterSchema(JsonSchemaType.String, Values = ["offer", "survey"])]
    [property: Description("Only offers of this kind: offer (a game or app) or survey. Surveys are listed only for partners with surveys enabled.")]
    StringValues? Type,
    [property: FromQuery(Name = "per_page")]
    [property: ParameterSchema(JsonSchemaType.Integer, Format = "int32", Minimum = 1, Maximum = PartnerOfferQuery.MaxPerPage, Default = PartnerOfferQuery.DefaultPerPage)]
    [property: Description("Offers per page, 1 to 500.")]
    StringValues? PerPage,
    [property: FromQuery(Name = "page"), ParameterSchema(JsonSchemaType.Integer, Format = "int32", Minimum = 1, Default = 1)]
    [property: Description("Page number, from 1; a page past the end is empty.")]
    StringValues? Page);
