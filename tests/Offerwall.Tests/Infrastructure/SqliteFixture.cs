using Offerwall.Data;

namespace Offerwall.Tests.Infrastructure;

public class SqliteFixture : AppFixture
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"offerwall-test-{Guid.NewGuid():N}.db");
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public string ConnectionString => $"Data Source={_path}";

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(ConnectionString);

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_path + suffix);
        return Task.CompletedTask;
    }
}
