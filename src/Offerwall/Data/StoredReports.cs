using Microsoft.EntityFrameworkCore;

namespace Offerwall.Data;

/// <summary>The reports' stored rollups (<see cref="ReportHour"/>, <see cref="ReportCoverage"/>), which bulk loads invalidate.</summary>
public static class StoredReports
{
    /// <summary>Drops every stored hour: after clicks, conversions or ledger rows were written in the past.</summary>
    public static async Task ForgetAsync(OfferwallDb db, CancellationToken ct = default)
    {
        await db.ReportCoverage.ExecuteDeleteAsync(ct);
        await db.ReportHours.ExecuteDeleteAsync(ct);
    }
}
