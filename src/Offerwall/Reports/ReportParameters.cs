namespace Offerwall.Reports;

/// <summary>A report's query as sent, before any check (each API binds its own described record and hands this over).</summary>
public sealed record ReportParameters(string? GroupBy, string? FromDate, string? ToDate, string? TimeZone,
    string? PartnerId = null, string? AdvertiserId = null, string? OfferId = null, string? GoalId = null, string? Country = null, string? Platform = null);
