using Microsoft.Data.Sqlite;

namespace Offerwall.Tests.Hosting;

public sealed class HealthOnSqlite(SqliteHealthFixture app) : HealthTests(app, app.Files), IClassFixture<SqliteHealthFixture>
{
    private static readonly string[] Suffixes = ["", "-wal", "-shm"];

    protected override string ConnectionString => app.ConnectionString;

    /// <summary>Moves the database file (and its WAL files) aside; the server's pooled connections are closed first.</summary>
    protected override Task<IAsyncDisposable> TakeDatabaseAwayAsync()
    {
        var path = new SqliteConnectionStringBuilder(app.ConnectionString).DataSource;
        SqliteConnection.ClearAllPools();
        foreach (var suffix in Suffixes)
            if (File.Exists(path + suffix)) File.Move(path + suffix, path + ".away" + suffix);
        return Task.FromResult<IAsyncDisposable>(new Undo(() =>
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in Suffixes)
            {
                File.Delete(path + suffix);
                if (File.Exists(path + ".away" + suffix)) File.Move(path + ".away" + suffix, path + suffix);
            }
            return Task.CompletedTask;
        }));
    }

    /// <summary>A file in a folder that does not exist either (so nothing can create it).</summary>
    protected override string MissingDatabase() =>
        $"Data Source={Path.Combine(Path.GetTempPath(), $"offerwall-missing-{Guid.NewGuid():N}", "offerwall.db")}";

    protected override Task<(string ConnectionString, IAsyncDisposable Drop)> EmptyDatabaseAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"offerwall-empty-{Guid.NewGuid():N}.db");
        File.WriteAllBytes(path, []);
        return Task.FromResult<(string, IAsyncDisposable)>(($"Data Source={path}", new Undo(() =>
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in Suffixes) File.Delete(path + suffix);
            return Task.CompletedTask;
        })));
    }
}
