using Npgsql;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Hosting;

public sealed class HealthOnPostgres(PostgresHealthFixture app) : HealthTests(app, app.Files), IClassFixture<PostgresHealthFixture>
{
    protected override string ConnectionString => app.ConnectionString;

    /// <summary>The database refuses connections and the server's are ended (as when the database server goes away); then it accepts them again.</summary>
    protected override async Task<IAsyncDisposable> TakeDatabaseAwayAsync()
    {
        var name = new NpgsqlConnectionStringBuilder(app.ConnectionString).Database!;
        await ServerAsync($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false");
        await ServerAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");
        NpgsqlConnection.ClearAllPools();
        return new Undo(async () =>
        {
            await ServerAsync($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true");
            NpgsqlConnection.ClearAllPools();
        });
    }

    protected override string MissingDatabase() =>
        new NpgsqlConnectionStringBuilder(PostgresFixture.Server) { Database = $"offerwall_missing_{Guid.NewGuid():N}" }.ConnectionString;

    protected override async Task<(string ConnectionString, IAsyncDisposable Drop)> EmptyDatabaseAsync()
    {
        var name = $"offerwall_empty_{Guid.NewGuid():N}";
        await ServerAsync($"CREATE DATABASE \"{name}\"");
        return (new NpgsqlConnectionStringBuilder(PostgresFixture.Server) { Database = name }.ConnectionString, new Undo(async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await ServerAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }));
    }

    private static async Task ServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresFixture.Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
