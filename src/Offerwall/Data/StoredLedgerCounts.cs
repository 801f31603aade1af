using Microsoft.EntityFrameworkCore;

namespace Offerwall.Data;

/// <summary>The ledger's hour counts as stored (<see cref="LedgerHourCount"/>, <see cref="LedgerCountCoverage"/>), which bulk loads invalidate.</summary>
public static class StoredLedgerCounts
{
    /// <summary>
    /// Drops a partner's stored counts (or everyone's) from the database: what a bulk load into it does,
    /// wherever it runs (a server started afterwards reads them afresh).
    /// </summary>
    public static async Task ForgetAsync(OfferwallDb db, long? partnerId, CancellationToken ct = default)
    {
        await db.LedgerCountCoverage.Where(c => partnerId == null || c.PartnerId == partnerId).ExecuteDeleteAsync(ct);
        await db.LedgerHourCounts.Where(c => partnerId == null || c.PartnerId == partnerId).ExecuteDeleteAsync(ct);
    }
}
