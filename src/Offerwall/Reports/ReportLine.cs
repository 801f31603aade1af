namespace Offerwall.Reports;

/// <summary>
/// One row of a report: its time (<see cref="Day"/> or <see cref="Hour"/> when grouped by one, as text in the report's
/// zone), its dimensions (null when not grouped by them) and its <see cref="Metrics"/>.
/// </summary>
public sealed record ReportLine(string? Day, string? Hour, ReportNames.OfferName? Offer, ReportNames.GoalName? Goal,
    ReportNames.Named? Partner, ReportNames.Named? Advertiser, string? Country, string? Platform, ReportMetrics Metrics);
