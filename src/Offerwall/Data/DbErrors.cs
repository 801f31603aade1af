using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Offerwall.Data;

public static class DbErrors
{
    /// <summary>True when a write failed because a unique index already holds the row: the index decided.</summary>
    public static bool IsUniqueViolation(Exception exception) =>
        (exception is DbUpdateException { InnerException: { } inner } ? inner : exception) switch
        {
            PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
            // SQLITE_CONSTRAINT_UNIQUE (2067) or SQLITE_CONSTRAINT_PRIMARYKEY (1555).
            SqliteException lite => lite.SqliteExtendedErrorCode is 2067 or 1555,
            _ => false,
        };

    /// <summary>
    /// True when trying the same transaction again may succeed: PostgreSQL chose it to break a deadlock (or a serialization failure), or
    /// it wrote a ledger row that was routed to ledger_default just as that row's month was attached as a partition of its own
    /// (Data/LedgerPartitions.cs; again, the row goes to the new month).
    /// </summary>
    public static bool IsTransient(Exception exception) =>
        (exception is DbUpdateException { InnerException: { } inner } ? inner : exception) switch
        {
            PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure } => true,
            PostgresException { SqlState: PostgresErrorCodes.CheckViolation } e =>
                e.TableName == "ledger_default" || e.MessageText.Contains("\"ledger_default\" violates partition constraint", StringComparison.Ordinal),
            _ => false,
        };
}
