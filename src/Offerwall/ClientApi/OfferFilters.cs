using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Offerwall.Web;

namespace Offerwall.ClientApi;

/// <summary>
/// What the app may say about its user (BitLabs-style), sent with the offer list and the start; checked there, 400 in the client API's
/// envelope. The user's country comes from their address (Geo:CountryDatabase); <c>country</c> counts only where the operator trusts it.
/// </summary>
public sealed record OfferFilters(
    [property: FromQuery(Name = "country"), ParameterSchema(JsonSchemaType.String, Pattern = "^[A-Za-z]{2}$")]
    [property: Description("The user's country (ISO 3166-1 alpha-2, any case). Ignored unless the operator set Geo:TrustCountryParameter: "
                           + "the server reads the country from the user's address.")]
    string? Country,
    [property: FromQuery(Name = "platform"), ParameterSchema(JsonSchemaType.String, Values = ["android", "ios", "web", "desktop"])]
    [property: Description("The user's platform (desktop is web). Absent: the platform of the request's User-Agent.")]
    string? Platform,
    [property: FromQuery(Name = "devices"), Description("Other devices the user owns: iphone, ipad or android (repeated or comma-separated).")]
    string[]? Devices,
    [property: FromQuery(Name = "os_version"), ParameterSchema(JsonSchemaType.String, Pattern = "^[0-9]{1,4}(\\.[0-9]{1,4}){0,3}$")]
    [property: Description("The user's OS version (e.g. 14 or 17.4.1), when the User-Agent does not tell it (Chrome on Android says 10).")]
    string? OsVersion);
