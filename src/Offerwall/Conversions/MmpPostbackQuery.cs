using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Offerwall.Web;

namespace Offerwall.Conversions;

/// <summary>
/// The MMP postback's documented parameters. The endpoint reads the whole query itself, by the names of the advertiser's profile
/// (docs/integrations.md lists each profile's names); this record gives the OpenAPI document the generic profile's names (the token is the operation's security scheme).
/// </summary>
public sealed record MmpPostbackQuery(
    [property: FromQuery(Name = "click_id"), ParameterSchema(JsonSchemaType.String, MaxLength = 64)]
    [property: Description("The click id, our tx_id (named per profile: AppsFlyer clickid, Singular cl, others click_id).")]
    string? ClickId,
    [property: FromQuery(Name = "event"), ParameterSchema(JsonSchemaType.String, MaxLength = 100)]
    [property: Description("The MMP's event name, looked up in the offer's event map (AppsFlyer event_name, Adjust event_token then event_name). "
                           + "An install postback has none, or the profile's install kind.")]
    string? Event,
    [property: FromQuery(Name = "revenue"), ParameterSchema(JsonSchemaType.Number, Format = "decimal", Minimum = 0)]
    [property: Description("The event's revenue in the reported currency; converted to USD at the operator's rate, to the cent (half away from zero).")]
    string? Revenue,
    [property: FromQuery(Name = "currency"), ParameterSchema(JsonSchemaType.String, Pattern = "^[A-Za-z]{3}$")]
    [property: Description("ISO 4217 code of the revenue. Absent: the advertiser's currency. Without a rate for it: 422, nothing written.")]
    string? Currency,
    [property: FromQuery(Name = "event_id"), ParameterSchema(JsonSchemaType.String, MaxLength = 150)]
    [property: Description("The event's id or time (per profile), which tells a repeated purchase from a new one.")]
    string? EventId,
    [property: FromQuery(Name = "rejected"), ParameterSchema(JsonSchemaType.String, Values = ["0", "1", "true", "false"])]
    [property: Description("1: the MMP rejected (blocked) this install or event; the conversion is cancelled (or reversed if paid) with the reason.")]
    string? Rejected,
    [property: FromQuery(Name = "reject_reason"), ParameterSchema(JsonSchemaType.String, MaxLength = 200)]
    [property: Description("The MMP's reason (AppsFlyer reject_reason, Adjust rejection_reason), recorded in the conversion's history.")]
    string? RejectReason);
