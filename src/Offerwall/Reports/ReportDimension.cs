namespace Offerwall.Reports;

/// <summary>What a report's rows are grouped by (group_by), in the names the APIs take.</summary>
public enum ReportDimension { Day, Hour, Offer, Goal, Partner, Advertiser, Country, Platform }
