using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Offerwall.Data;

/// <summary>
/// The streaming replica named by <c>Database:ReadConnectionString</c> (PostgreSQL only), shared by the whole server: its
/// context options, and whether it answered lately. When it refuses or times out a connection, it is left alone for
/// <see cref="RestFor"/> and the reads go to the primary meanwhile (docs/scaling.md).
/// </summary>
public sealed partial class ReadReplica
{
    /// <summary>How long a replica that did not answer is left alone before it is tried again.</summary>
    public static readonly TimeSpan RestFor = TimeSpan.FromSeconds(10);

    /// <summary>Connection timeout (seconds) when the read connection string names none: a dead replica costs a page little.</summary>
    public const int DefaultTimeoutSeconds = 3;

    private readonly DbContextOptions<PostgresOfferwallDb>? _options;
    private readonly TimeProvider _clock;
    private long _downUntilTicks;

    public ReadReplica(DatabaseOptions options, TimeProvider clock)
    {
        _clock = clock;
        if (options.Provider != DatabaseProvider.Postgres || string.IsNullOrWhiteSpace(options.ReadConnectionString)) return;
        var cs = options.ReadConnectionString;
        if (!TimeoutKey().IsMatch(cs)) cs = cs.TrimEnd(';') + $";Timeout={DefaultTimeoutSeconds}";
        var parsed = new Npgsql.NpgsqlConnectionStringBuilder(cs);
        Address = $"{parsed.Host}:{parsed.Port}";
        var builder = Database.Configure(new DbContextOptionsBuilder<PostgresOfferwallDb>(), DatabaseProvider.Postgres, cs);
        _options = builder.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking).Options;
    }

    /// <summary>Whether a read connection string is set (else every read goes to the primary, as without replicas).</summary>
    public bool Configured => _options is not null;

    /// <summary>Whether the replica failed to answer less than <see cref="RestFor"/> ago.</summary>
    public bool Resting => _clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _downUntilTicks);

    /// <summary>A new read-only context on the replica (NoTracking); the caller disposes it.</summary>
    public PostgresOfferwallDb Create() => new(_options ?? throw new InvalidOperationException("No Database:ReadConnectionString is set."));

    /// <summary>
    /// How far the replica is behind the primary, in seconds, read on the replica (for the metrics' gauge): 0 when it has replayed all
    /// it received, else the age of the last transaction it replayed; null when it does not answer. Synchronous, as a gauge's callback is.
    /// </summary>
    public double? LagSeconds()
    {
        if (Resting) return null;   // it did not answer lately: a scrape does not wait for it again
        try
        {
            using var db = Create();
            var connection = db.Database.GetDbConnection();
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
                                  + "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8";
            return command.ExecuteScalar() is double lag ? Math.Max(0, lag) : null;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            MarkDown();
            return null;
        }
    }

    /// <summary>The replica's address as the metrics label it ("host:port").</summary>
    public string? Address { get; }

    /// <summary>The replica did not answer: reads go to the primary for <see cref="RestFor"/>.</summary>
    public void MarkDown() => Interlocked.Exchange(ref _downUntilTicks, (_clock.GetUtcNow() + RestFor).UtcTicks);

    [GeneratedRegex(@"(^|;)\s*(Timeout|Connection\s*Timeout)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex TimeoutKey();
}
