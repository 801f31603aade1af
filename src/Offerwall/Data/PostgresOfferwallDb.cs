using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Offerwall.Data;

/// <summary>The production engine. Its migrations live in Data/Migrations/Postgres.</summary>
public sealed class PostgresOfferwallDb(DbContextOptions<PostgresOfferwallDb> options) : OfferwallDb(options);

/// <summary>Lets `dotnet ef` build the PostgreSQL model without a server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresOfferwallDb>
{
    public PostgresOfferwallDb CreateDbContext(string[] args) =>
        new(Database.Configure(new DbContextOptionsBuilder<PostgresOfferwallDb>(), DatabaseProvider.Postgres, "Host=localhost").Options);
}
