using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Offerwall.Data;

/// <summary>Lets `dotnet ef` build the SQLite model without starting the server.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteOfferwallDb>
{
    public SqliteOfferwallDb CreateDbContext(string[] args) =>
        new(Database.Configure(new DbContextOptionsBuilder<SqliteOfferwallDb>(), DatabaseProvider.Sqlite, "Data Source=design.db").Options);
}
