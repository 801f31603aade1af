using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Offerwall.Data;

/// <summary>Lets `dotnet ef` build the PostgreSQL model without a server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresOfferwallDb>
{
    public PostgresOfferwallDb CreateDbContext(string[] args) =>
        new(Database.Configure(new DbContextOptionsBuilder<PostgresOfferwallDb>(), DatabaseProvider.Postgres, "Host=localhost").Options);
}
