using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Offerwall.Bench;

/// <summary>
/// The ingestion baseline: the fastest a client can append rows like the server's ledger rows to an
/// equal table in the same database, one autocommitted single-row INSERT at a time per connection
/// (pgbench's simple-insert loop, in .NET). Each worker has its own connection and a prepared
/// statement. The table, ledger_baseline, copies the ledger's columns, primary key and indexes
/// (unique (transaction_id, reverse) among them), not its foreign keys, and on PostgreSQL not its monthly partitions; it is dropped
/// at the end.
/// </summary>
public sealed class InsertBaseline : IAsyncDisposable
{
    private const string Table = "ledger_baseline";
    private const string Columns =
        "transaction_id, reverse, partner_id, user_id, user_external_id, offer_public_id, offer_name, goal_public_id, note, " +
        "reward, reward_local, payout, kind, survey_id, occurred_at";

    private readonly string _engine;
    private readonly string _connectionString;
    private readonly List<DbConnection> _connections = [];
    private readonly List<DbCommand> _commands = [];
    // Far above any conversion id the server hands out, so a baseline row never looks like a real one.
    private long _nextTransactionId = 1_000_000_000_000;
    private long _inserted;

    private InsertBaseline(string engine, string connectionString)
    {
        _engine = engine;
        _connectionString = connectionString;
    }

    /// <summary>"PostgreSQL 17.2" or "SQLite 3.46.1": what the figures were measured on.</summary>
    public static async Task<string> DescribeAsync(string engine, string connectionString, CancellationToken ct)
    {
        await using var connection = Open(engine, connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = engine == "postgres" ? "SHOW server_version" : "SELECT sqlite_version()";
        var version = (string)(await command.ExecuteScalarAsync(ct))!;
        return engine == "postgres" ? $"PostgreSQL {version.Split(' ')[0]}" : $"SQLite {version}";
    }

    /// <summary>One whole number read from the server's database (a check of what the server stored); @name parameters.</summary>
    public static async Task<long> ScalarAsync(string engine, string connectionString, string sql, IReadOnlyDictionary<string, object> parameters, CancellationToken ct)
    {
        await using var connection = Open(engine, connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    public static async Task<InsertBaseline> CreateAsync(string engine, string connectionString, int clients, CancellationToken ct)
    {
        var baseline = new InsertBaseline(engine, connectionString);
        try
        {
            await baseline.CreateTableAsync(ct);
            for (var i = 0; i < clients; i++)
            {
                var connection = Open(engine, connectionString);
                baseline._connections.Add(connection);
                await connection.OpenAsync(ct);
                baseline._commands.Add(await baseline.PrepareAsync(connection, ct));
            }
            return baseline;
        }
        catch
        {
            await baseline.DisposeAsync();
            throw;
        }
    }

    public static DbConnection Open(string engine, string connectionString) => engine == "postgres"
        ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 200 }.ConnectionString)
        : new SqliteConnection(connectionString);

    private async Task CreateTableAsync(CancellationToken ct)
    {
        await using var connection = Open(_engine, _connectionString);
        await connection.OpenAsync(ct);
        var statements = new List<string> { $"DROP TABLE IF EXISTS {Table}" };
        if (_engine == "postgres")
        {
            statements.Add($"CREATE TABLE {Table} (LIKE ledger INCLUDING ALL)");
            // The ledger is partitioned by month there, its uniqueness held in ledger_keys: a plain table gets it as an index.
            statements.Add($"CREATE UNIQUE INDEX IF NOT EXISTS {Table}_key ON {Table} (transaction_id, reverse)");
        }
        else
        {
            // SQLite has no CREATE TABLE … LIKE: the ledger's own DDL, renamed, without its foreign keys (as LIKE does).
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT sql FROM sqlite_master WHERE tbl_name = 'ledger' AND sql IS NOT NULL ORDER BY type DESC";
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                statements.Add(SqliteCopy(reader.GetString(0)));
        }
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static string SqliteCopy(string ddl)
    {
        var sql = Regex.Replace(ddl, @",\s*CONSTRAINT\s+""[^""]+""\s+FOREIGN KEY\s*\([^)]*\)\s*REFERENCES\s+""[^""]+""\s*\([^)]*\)(\s+ON DELETE \w+( \w+)?)?", "");
        return sql.Replace("TABLE \"ledger\"", $"TABLE \"{Table}\"")
            .Replace("ON \"ledger\"", $"ON \"{Table}\"")
            .Replace("\"ix_ledger_", $"\"ix_{Table}_")
            .Replace("\"pk_ledger\"", $"\"pk_{Table}\"");
    }

    private async Task<DbCommand> PrepareAsync(DbConnection connection, CancellationToken ct)
    {
        var command = connection.CreateCommand();
        if (_engine == "postgres")
        {
            var pg = (NpgsqlCommand)command;
            pg.CommandText = $"INSERT INTO {Table} ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
            NpgsqlDbType[] types =
            [
                NpgsqlDbType.Bigint, NpgsqlDbType.Boolean, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar,
                NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint,
                NpgsqlDbType.Integer, NpgsqlDbType.Varchar, NpgsqlDbType.TimestampTz,
            ];
            foreach (var type in types) pg.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type });
        }
        else
        {
            await using (var pragma = connection.CreateCommand())
            {
                // The server's file is already in WAL mode (it sets it at start); waiting for the write lock in SQLite,
                // not failing at once, is what 32 writers on one file need.
                pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000;";
                await pragma.ExecuteNonQueryAsync(ct);
            }
            command.CommandText = $"INSERT INTO \"{Table}\" ({Columns}) VALUES ({string.Join(", ", Enumerable.Range(1, 15).Select(i => $"$p{i}"))})";
            for (var i = 1; i <= 15; i++)
            {
                var p = command.CreateParameter();
                p.ParameterName = $"$p{i}";
                command.Parameters.Add(p);
            }
        }
        await command.PrepareAsync(ct);
        return command;
    }

    /// <summary>Worker <paramref name="i"/>: one INSERT of a row like the ledger rows the server writes (a new transaction_id each).</summary>
    public Operation Worker(int i)
    {
        var command = _commands[i];
        var random = new Random(i);
        var postgres = _engine == "postgres";
        return async ct =>
        {
            var p = command.Parameters;
            var user = random.Next(1, 100_000);
            var offer = random.Next(50);
            var now = DateTime.UtcNow;
            now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
            p[0].Value = Interlocked.Increment(ref _nextTransactionId);
            p[1].Value = postgres ? false : 0;
            p[2].Value = 1L;
            p[3].Value = (long)user;
            p[4].Value = $"user-{user:D6}x";
            p[5].Value = $"benchoffer{offer:D2}";
            p[6].Value = $"Royal Match {offer}";
            p[7].Value = $"benchoffer{offer:D2}_1";
            p[8].Value = "Level 10 Reached";
            // Money as the server stores it: integer micro-units.
            p[9].Value = 230_000L;
            p[10].Value = 23_000_000L;
            p[11].Value = 250_000L;
            p[12].Value = 0;
            p[13].Value = DBNull.Value;
            // Times as the server stores them: timestamptz on PostgreSQL, EF's text form on SQLite.
            p[14].Value = postgres ? now : now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            if (postgres)
                await command.ExecuteNonQueryAsync(ct);
            else
                // Microsoft.Data.Sqlite has no asynchronous I/O (its async methods block too); the worker has a thread of its own.
                command.ExecuteNonQuery();
            Interlocked.Increment(ref _inserted);
            return null;
        };
    }

    /// <summary>The INSERTs the workers have made since the table was created (warm-ups included).</summary>
    public long Inserted => Interlocked.Read(ref _inserted);

    /// <summary>Rows in the baseline table: each successful INSERT must have left exactly one.</summary>
    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var connection = Open(_engine, _connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {Table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands) await command.DisposeAsync();
        foreach (var connection in _connections) await connection.DisposeAsync();
        try
        {
            await using var connection = Open(_engine, _connectionString);
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP TABLE IF EXISTS {Table}";
            await drop.ExecuteNonQueryAsync();
        }
        catch (DbException e)
        {
            Console.WriteLine($"  (could not drop {Table}: {e.Message})");
        }
        if (_engine == "sqlite") SqliteConnection.ClearAllPools();
    }
}
