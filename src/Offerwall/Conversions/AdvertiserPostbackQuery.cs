using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Offerwall.Web;

namespace Offerwall.Conversions;

/// <summary>
/// The conversion postback's parameters as sent, each given at most once (a repeated one is a 400), read
/// from the query by their exact names (<see cref="Of"/>): the signature covers every parameter of the
/// request by its exact name, these and any other, so the endpoint reads the whole query itself rather
/// than binding it, and the OpenAPI document takes the parameters from this record (<see cref="ParameterSchemaAttribute.DocumentQuery{T}"/>).
/// </summary>
public sealed record AdvertiserPostbackQuery(
    [property: FromQuery(Name = "tx_id"), ParameterSchema(JsonSchemaType.String, MaxLength = 64)]
    [property: Description("Required. The click's id, as the tracking link carried it ({tx_id}).")]
    string? TxId,
    [property: FromQuery(Name = "goal_id"), ParameterSchema(JsonSchemaType.String, MaxLength = 100)]
    [property: Description("Required. The goal reached: its id, as in the offer's goals.")]
    string? GoalId,
    [property: FromQuery(Name = "event_id"), ParameterSchema(JsonSchemaType.String, MaxLength = 200)]
    [property: Description("The advertiser's id of this event. Required for a dynamic goal (each event pays); a repeated event is recorded once.")]
    string? EventId,
    [property: FromQuery(Name = "payout"), ParameterSchema(JsonSchemaType.Number, Format = "decimal", Minimum = 0, Maximum = 100_000)]
    [property: Description("What the advertiser pays for this event in USD, at most 6 decimals: for a dynamic goal. Absent: the goal's payout.")]
    string? Payout,
    [property: FromQuery(Name = "status"), ParameterSchema(JsonSchemaType.String, Values = ["pending", "approved", "cancelled", "canceled", "rejected"])]
    [property: Description("The conversion's state at the advertiser (any case). Absent: pending until the goal's hold is over, then approved.")]
    string? Status,
    [property: FromQuery(Name = "reverse"), ParameterSchema(JsonSchemaType.String, Values = ["0", "1"], Default = "0")]
    [property: Description("1: reverse (charge back) the conversion of this event.")]
    string? Reverse,
    [property: FromQuery(Name = "survey_id"), ParameterSchema(JsonSchemaType.String, MaxLength = 100)]
    [property: Description("The survey's id, for survey offers.")]
    string? SurveyId,
    [property: FromQuery(Name = AdvertiserSignature.Parameter), ParameterSchema(JsonSchemaType.String, Pattern = "^[0-9a-fA-F]{64}$")]
    [property: Description("Lowercase hex HMAC-SHA256, under the advertiser's secret, of every other query parameter sorted by name, "
                           + "each name=value RFC 3986-encoded, joined by &. Required unless the advertiser is on IP-only authentication.")]
    string? Signature)
{
    public static AdvertiserPostbackQuery Of(IReadOnlyDictionary<string, string> q)
    {
        string? Get(string name) => q.TryGetValue(name, out var v) ? v : null;
        return new(Get("tx_id"), Get("goal_id"), Get("event_id"), Get("payout"), Get("status"), Get("reverse"), Get("survey_id"), Get(AdvertiserSignature.Parameter));
    }
}
