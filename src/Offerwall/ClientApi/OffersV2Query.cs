using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Offerwall.Web;

namespace Offerwall.ClientApi;

/// <summary>
/// BitLabs' query of <c>GET /v2/client/offers</c> (https://docs.bitlabs.ai/operation/operation-getoffersv2), read as strings and checked
/// by <see cref="OffersV2Scope.TryParse"/> so that a bad value answers 400 in the client API's envelope. What each does here: docs/client-api.md.
/// </summary>
public sealed record OffersV2Query(
    [property: FromQuery(Name = "devices[]"), Description("Devices the user owns: iphone, ipad or android (repeated; as `devices`).")]
    string[]? DevicesArray,
    [property: FromQuery(Name = "in_app"), ParameterSchema(JsonSchemaType.Boolean)]
    [property: Description("BitLabs: only offers that follow the stores' guidelines. Checked (true or false), no effect: every offer here is taken to.")]
    string? InApp,
    [property: FromQuery(Name = "is_game"), ParameterSchema(JsonSchemaType.Boolean)]
    [property: Description("true: only game offers; false: only other offers; absent: all.")]
    string? IsGame,
    [property: FromQuery(Name = "client_ip"), ParameterSchema(JsonSchemaType.String, MaxLength = 45)]
    [property: Description("The user's IP address when the partner's server asks for them. Decides the country only where the operator set "
                           + "ClientApi:TrustClientIp; otherwise checked and ignored: the request's own address decides.")]
    string? ClientIp,
    [property: FromQuery(Name = "client_user_agent"), ParameterSchema(JsonSchemaType.String, MaxLength = 1024)]
    [property: Description("The user's User-Agent when the partner's server asks for them: used for the user's device instead of the request's.")]
    string? ClientUserAgent,
    [property: FromQuery(Name = "limit"), ParameterSchema(JsonSchemaType.Integer, Minimum = 1, Maximum = OffersV2Scope.MaxLimit)]
    [property: Description("At most this many offers in `offers` (not a page; `started_offers` are all listed). Ignored with offer_ids.")]
    string? Limit,
    [property: FromQuery(Name = "offer_ids"), ParameterSchema(JsonSchemaType.String, Pattern = "^[0-9]{1,18}(,[0-9]{1,18})*$")]
    [property: Description("Comma-separated offer ids (the integer `id`): only these offers. is_game, in_app and limit are then ignored.")]
    string? OfferIds,
    [property: FromQuery(Name = "tags"), ParameterSchema(JsonSchemaType.String, MaxLength = ClickLabels.MaxTagsTextLength)]
    [property: Description("URL-encoded key=value pairs (at most 10; keys letters, digits and _; keys and values 1 to 50 characters, trimmed and lower-cased), "
                           + "carried on each click_url.")]
    string? Tags);
