namespace Offerwall.Reports;

/// <summary>A report as run: its range and zone, its rows in order, and the totals of everything it counted.</summary>
public sealed record ReportResult(ReportRequest Request, IReadOnlyList<ReportLine> Lines, ReportMetrics Totals);
