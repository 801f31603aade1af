using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Offerwall.Web;

namespace Offerwall.Postbacks;

/// <summary>
/// The postback log's filters as sent; the log checks each in Laravel's words (422 under /data/partner,
/// problem details under /admin), and the document gives their real types.
/// </summary>
public sealed record DeliveryFilters(
    [property: FromQuery(Name = "status"), ParameterSchema(JsonSchemaType.String, Values = ["pending", "delivered", "dead"])]
    [property: Description("Only deliveries in this state: pending (to be sent or retried), delivered, or dead (out of retries).")]
    string? Status,
    [property: FromQuery(Name = "from_date"), ParameterSchema(JsonSchemaType.String, Format = "date")]
    [property: Description("First US Eastern day of creation (YYYY-MM-DD). Default: 6 days before to_date, so that the range is 7 days.")]
    string? FromDate,
    [property: FromQuery(Name = "to_date"), ParameterSchema(JsonSchemaType.String, Format = "date")]
    [property: Description("Last US Eastern day of creation, inclusive (YYYY-MM-DD), not before from_date. Default: today (US Eastern).")]
    string? ToDate,
    [property: FromQuery(Name = "transaction_id"), ParameterSchema(JsonSchemaType.Integer, Format = "int64", Minimum = 0)]
    [property: Description("Only the deliveries of this conversion (its transaction_id in the Data API).")]
    string? TransactionId,
    [property: FromQuery(Name = "per_page")]
    [property: ParameterSchema(JsonSchemaType.Integer, Format = "int32", Minimum = 1, Maximum = DeliveryFilters.MaxPerPage, Default = DeliveryFilters.DefaultPerPage)]
    [property: Description("Deliveries per page, 1 to 1000.")]
    string? PerPage,
    [property: FromQuery(Name = "page"), ParameterSchema(JsonSchemaType.Integer, Format = "int32", Minimum = 1, Default = 1)]
    [property: Description("Page number, from 1; a page past the end is empty.")]
    string? Page)
{
    public const int DefaultPerPage = 100, MaxPerPage = 1000;
}
