using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Offerwall.Data;

/// <summary>The embedded default engine. Its migrations live in Data/Migrations/Sqlite.</summary>
public sealed class SqliteOfferwallDb(DbContextOptions<SqliteOfferwallDb> options) : OfferwallDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        base.ConfigureConventions(conventions);
        // SQLite keeps no time zone; every time in this system is UTC, so say so on the way out.
        conventions.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
