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

    /// <summary>True when PostgreSQL chose this transaction to break a deadlock (or a serialization failure): trying again may succeed.</summary>
    public static bool IsDeadlock(Exception exception) =>
        (exception is DbUpdateException { InnerException: { } inner } ? inner : exception) is PostgresException
        {
            SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure,
        };
}
