using Npgsql;

namespace Offerwall.Tests.Infrastructure;

/// <summary>
/// A fresh database on the PostgreSQL primary that scripts/test starts, with the server's <c>Database:ReadConnectionString</c>
/// on the same database of its streaming replica (scripts/postgres.sh, pg_replica_start). Without the replica the tests fail:
/// they never skip. The database is created on the primary and streamed; the fixture waits until the replica has it.
/// </summary>
public sealed class ReplicaFixture : PostgresFixture
{
    public const string ReplicaVariable = "OFFERWALL_TEST_POSTGRES_REPLICA";

    public static string ReplicaServer => Environment.GetEnvironmentVariable(ReplicaVariable) is { Length: > 0 } cs
        ? cs
        : throw new InvalidOperationException($"{ReplicaVariable} is not set: run the tests with scripts/test, which starts a streaming replica.");

    private string Name => new NpgsqlConnectionStringBuilder(ConnectionString).Database!;

    /// <summary>The replica's connection string for this fixture's database.</summary>
    public string ReplicaConnectionString => new NpgsqlConnectionStringBuilder(ReplicaServer) { Database = Name }.ConnectionString;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Database:ReadConnectionString", ReplicaConnectionString)];

    protected override async Task<string> CreateDatabaseAsync()
    {
        _ = ReplicaServer;   // fail at once, not after a wait, when there is no replica
        var cs = await base.CreateDatabaseAsync();
        await WaitForReplayAsync();
        return cs;
    }

    /// <summary>Waits until the replica has replayed everything the primary has written so far (at most 30 s).</summary>
    public async Task WaitForReplayAsync()
    {
        await using var primary = new NpgsqlConnection(Server);
        await primary.OpenAsync();
        var target = (string)(await new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", primary).ExecuteScalarAsync())!;
        await using var replica = new NpgsqlConnection(ReplicaServer);
        await replica.OpenAsync();
        var check = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn() >= @target::pg_lsn", replica);
        check.Parameters.AddWithValue("target", target);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(bool)(await check.ExecuteScalarAsync())!)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The replica did not replay up to {target} in 30 s.");
            await Task.Delay(20);
        }
    }

    /// <summary>Pauses (true) or resumes (false) the replica's replay: it then lags the primary by whatever is written meanwhile.</summary>
    public async Task PauseReplayAsync(bool pause)
    {
        await using var replica = new NpgsqlConnection(ReplicaServer);
        await replica.OpenAsync();
        await new NpgsqlCommand(pause ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()", replica).ExecuteNonQueryAsync();
    }
}
