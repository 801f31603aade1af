using Npgsql;
using Offerwall.Data;

namespace Offerwall.Tests.Infrastructure;

/// <summary>
/// A fresh database on the PostgreSQL server that scripts/test starts. Without that server the
/// tests fail: they never skip.
/// </summary>
public class PostgresFixture : AppFixture
{
    public const string ServerVariable = "OFFERWALL_TEST_POSTGRES";
    private readonly string _name = $"offerwall_test_{Guid.NewGuid():N}";
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public static string Server => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } cs
        ? cs
        : throw new InvalidOperationException($"{ServerVariable} is not set: run the tests with scripts/test, which starts PostgreSQL.");

    public string ConnectionString => new NpgsqlConnectionStringBuilder(Server) { Database = _name }.ConnectionString;

    protected override async Task<string> CreateDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString;
    }

    protected override async Task DropDatabaseAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
