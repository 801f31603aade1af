using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Operations;

/// <summary>SQLite keeps the ledger in one table: archiving says so and changes nothing.</summary>
public sealed class ArchiveOnSqliteTests(SqliteFixture app) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task ArchivingOnSqliteIsRefusedWithAReason()
    {
        var folder = Directory.CreateTempSubdirectory("offerwall-archive-").FullName;
        try
        {
            var run = await CliRunner.RunAsync(app, app.ConnectionString, ["archive", "--before", "2026-10", "--to", folder]);
            Assert.Equal(1, run.Exit);
            Assert.Contains("Archiving needs PostgreSQL", run.Output);
            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
