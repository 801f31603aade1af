using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Offerwall.Data;

/// <summary>
/// The database a read-only partner surface reads from, per request: the streaming replica when one is configured and
/// answers, else the primary. Its connection is opened here, so a replica that refuses or times out is found before any
/// query, and the request then reads from the primary (logged, and the replica rested: <see cref="ReadReplica"/>).
/// Writes (the hour-count cache, rollups) always go to <see cref="Primary"/>.
/// </summary>
public sealed class ReadDatabase(OfferwallDb primary, ReadReplica replica, ILogger<ReadDatabase> log) : IAsyncDisposable
{
    private PostgresOfferwallDb? _replica;

    public OfferwallDb Primary => primary;

    /// <summary>The replica's context, its connection open; or the primary's when there is no replica or it does not answer.</summary>
    public async Task<OfferwallDb> OpenAsync(CancellationToken ct)
    {
        if (_replica is not null) return _replica;
        if (!replica.Configured || replica.Resting) return primary;
        var db = replica.Create();
        try
        {
            await db.Database.OpenConnectionAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && Unreachable(e))
        {
            await db.DisposeAsync();
            replica.MarkDown();
            log.LogWarning("The read replica did not answer ({Error}): reading from the primary for {Seconds} s.",
                e.GetBaseException().Message, ReadReplica.RestFor.TotalSeconds);
            return primary;
        }
        return _replica = db;
    }

    // Refused, timed out, or not accepting connections (EF wraps them in its "transient failure" exception).
    private static bool Unreachable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is NpgsqlException or TimeoutException) return true;
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_replica is not null) await _replica.DisposeAsync();
    }
}
