using System.Globalization;
using Npgsql;

namespace Offerwall.Faults;

/// <summary>
/// What PostgreSQL holds for one partner, read directly (Npgsql, not the server): conversions keyed by
/// (click tx_id, goal, event), ledger rows, deliveries, attempts and state changes.
/// </summary>
public sealed class DbSnapshot
{
    public const int Pending = 0, Approved = 1, Cancelled = 2, Reversed = 3;   // conversions.status
    public const int DeliveryPending = 0, DeliveryDelivered = 1, DeliveryDead = 2;   // postback_deliveries.status

    public required List<ConversionRow> Conversions { get; init; }
    public required List<LedgerRow> Ledger { get; init; }
    public required List<DeliveryRow> Deliveries { get; init; }
    public required ILookup<long, AttemptRow> Attempts { get; init; }
    public required List<ChangeRow> Changes { get; init; }

    public static async Task<DbSnapshot> ReadAsync(string connectionString, long partnerId, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(ct);
        // One snapshot for all five reads.
        await using var tx = await db.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);

        var conversions = await ReadAsync(db, """
            SELECT c.id, k.tx_id, g.public_id, c.advertiser_event_id, c.status
            FROM conversions c JOIN clicks k ON k.id = c.click_id JOIN goals g ON g.id = c.goal_id
            WHERE c.partner_id = @p
            """, partnerId, r => new ConversionRow(r.GetInt64(0), $"{r.GetString(1)}|{r.GetString(2)}|{r.GetString(3)}", r.GetInt32(4)), ct);
        var ledger = await ReadAsync(db, "SELECT id, transaction_id, reverse FROM ledger WHERE partner_id = @p", partnerId,
            r => new LedgerRow(r.GetInt64(0), r.GetInt64(1), r.GetBoolean(2)), ct);
        var deliveries = await ReadAsync(db, """
            SELECT id, conversion_id, ledger_entry_id, reverse, event, status, attempts, created_at, delivered_at
            FROM postback_deliveries WHERE partner_id = @p ORDER BY id
            """, partnerId, r => new DeliveryRow(r.GetInt64(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.GetBoolean(3), r.GetString(4),
                r.GetInt32(5), r.GetInt32(6), r.GetDateTime(7), r.IsDBNull(8) ? null : r.GetDateTime(8)), ct);
        var attempts = await ReadAsync(db, """
            SELECT a.id, a.delivery_id, a.at, a.status_code, a.latency_ms, a.response
            FROM postback_attempts a JOIN postback_deliveries d ON d.id = a.delivery_id
            WHERE d.partner_id = @p ORDER BY a.delivery_id, a.at, a.id
            """, partnerId, r => new AttemptRow(r.GetInt64(0), r.GetInt64(1), r.GetDateTime(2), r.IsDBNull(3) ? null : r.GetInt32(3), r.GetInt32(4), r.GetString(5)), ct);
        var changes = await ReadAsync(db, """
            SELECT h.conversion_id, h.from_status, h.to_status, h.actor
            FROM conversion_changes h JOIN conversions c ON c.id = h.conversion_id
            WHERE c.partner_id = @p
            """, partnerId, r => new ChangeRow(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt32(1), r.GetInt32(2), r.GetString(3)), ct);
        await tx.CommitAsync(ct);
        return new DbSnapshot
        {
            Conversions = conversions, Ledger = ledger, Deliveries = deliveries, Attempts = attempts.ToLookup(a => a.DeliveryId), Changes = changes,
        };
    }

    /// <summary>How many deliveries of the partner are pending, dead, and in all.</summary>
    public static async Task<(long Pending, long Dead, long Total)> DeliveryCountsAsync(string connectionString, long partnerId, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE status = 0), count(*) FILTER (WHERE status = 2), count(*) FROM postback_deliveries WHERE partner_id = @p", db);
        command.Parameters.AddWithValue("p", partnerId);
        await using var r = await command.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
    }

    public static async Task<int> ExecuteAsync(string connectionString, string sql, Action<NpgsqlParameterCollection> parameters, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, db);
        parameters(command.Parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql, Action<NpgsqlParameterCollection> parameters, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, db);
        parameters(command.Parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlConnection db, string sql, long partnerId, Func<NpgsqlDataReader, T> row, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue("p", partnerId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(row(reader));
        return rows;
    }
}
