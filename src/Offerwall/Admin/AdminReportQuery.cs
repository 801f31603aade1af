using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Offerwall.Reports;

namespace Offerwall.Admin;

/// <summary>GET /admin/reports's query: every value is text here and checked by <see cref="ReportRequest.Parse"/>, so each bad one is named.</summary>
public sealed record AdminReportQuery(
    [property: FromQuery(Name = "group_by")]
    [property: Description("Comma-separated, in order: day or hour, offer, goal, partner, advertiser, country, platform. Default day.")]
    string? GroupBy,
    [property: FromQuery(Name = "from_date"), Description("First day (YYYY-MM-DD) in time_zone. Default: 6 days before to_date.")] string? FromDate,
    [property: FromQuery(Name = "to_date"), Description("Last day (YYYY-MM-DD) in time_zone, at most 366 days after from_date. Default: today.")]
    string? ToDate,
    [property: FromQuery(Name = "time_zone"), Description("A time zone name (UTC, Europe/Berlin, …) whose offset is whole hours. Default UTC.")]
    string? TimeZone,
    [property: FromQuery(Name = "partner_id"), Description("Only this partner's rows (its id).")] string? PartnerId,
    [property: FromQuery(Name = "advertiser_id"), Description("Only this advertiser's offers (its id).")] string? AdvertiserId,
    [property: FromQuery(Name = "offer_id"), Description("Only this offer (its offer_id).")] string? OfferId,
    [property: FromQuery(Name = "goal_id"), Description("Only this goal (its goal id), with its offer's clicks.")] string? GoalId,
    [property: FromQuery(Name = "country"), Description("Only clicks and conversions from this country (ISO code).")] string? Country,
    [property: FromQuery(Name = "platform"), Description("Only this platform: android, ios or web.")] string? Platform)
{
    public ReportParameters Parameters => new(GroupBy, FromDate, ToDate, TimeZone, PartnerId, AdvertiserId, OfferId, GoalId, Country, Platform);
}
