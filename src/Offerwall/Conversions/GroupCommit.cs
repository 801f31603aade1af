using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using Offerwall.Data;

namespace Offerwall.Conversions;

/// <summary>
/// PostgreSQL only: group commit for new conversions without caps. Each request queues its statement
/// (<see cref="NewConversionStatement"/>) and waits; a writer takes everything queued (up to <see cref="MaxBatch"/>) and sends it
/// as one batch, which PostgreSQL runs as one implicit transaction: one round trip and one commit for all of them, where each
/// alone costs its own. Every request is answered only after that commit. A conversion that finds its event already recorded
/// (ON CONFLICT DO NOTHING, by another request of the same batch or an earlier one) gets null as it would alone.
/// <para>
/// If the batch fails, it wrote nothing (one transaction), and each statement is then run alone, as without group commit, so one
/// bad statement or a deadlock between two batches fails no other request. At most <see cref="Writers"/> batches are under way at
/// once; a request that arrives while they are busy waits for the next batch, so batches grow with the load and a lone request is
/// sent at once. Database:GroupCommit=false writes every conversion alone (docs/performance.md).
/// </para>
/// </summary>
public sealed class GroupCommit(IOptions<DatabaseOptions> options, ILogger<GroupCommit> log)
{
    /// <summary>Statements in one batch at most.</summary>
    public const int MaxBatch = 64;

    /// <summary>Batches under way at once, each on its own connection.</summary>
    public const int Writers = 2;

    private readonly string? _connectionString = options.Value is { Provider: DatabaseProvider.Postgres, GroupCommit: true }
        ? Database.Tuned(options.Value.ConnectionString)
        : null;

    private readonly ConcurrentQueue<Pending> _queue = new();
    private int _writers;

    /// <summary>On PostgreSQL unless switched off.</summary>
    public bool Enabled => _connectionString is not null;

    /// <summary>
    /// Queues the statement <paramref name="make"/> builds and returns once its batch has committed: the new conversion's id, or null
    /// when the event was already recorded. The request's cancellation does not stop the write: once queued, it is written.
    /// </summary>
    public Task<long?> InsertAsync(Func<NpgsqlBatchCommand> make)
    {
        var pending = new Pending(make, new TaskCompletionSource<long?>(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Enqueue(pending);
        StartWriter();
        return pending.Done.Task;
    }

    private sealed record Pending(Func<NpgsqlBatchCommand> Make, TaskCompletionSource<long?> Done);

    /// <summary>Starts a writer if fewer than <see cref="Writers"/> run and something is queued.</summary>
    private void StartWriter()
    {
        while (true)
        {
            var running = Volatile.Read(ref _writers);
            if (running >= Writers || _queue.IsEmpty) return;
            if (Interlocked.CompareExchange(ref _writers, running + 1, running) != running) continue;
            _ = Task.Run(WriteAsync);
            return;
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            var batch = new List<Pending>(MaxBatch);
            while (true)
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.TryDequeue(out var next)) batch.Add(next);
                if (batch.Count == 0) break;
                await WriteBatchAsync(batch);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _writers);
            // A request queued after this writer found the queue empty, while every writer was taken, would otherwise wait for the next one.
            StartWriter();
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch)
    {
        if (batch.Count > 1)
        {
            try
            {
                var ids = await TogetherAsync(batch);
                for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(ids[i]);
                return;
            }
            catch (Exception e)
            {
                // The batch wrote nothing: each statement goes again alone, so its own outcome (or error) is its request's.
                log.LogDebug(e, "A group commit of {Count} conversions failed; writing each alone", batch.Count);
            }
        }
        await using var connection = new NpgsqlConnection(_connectionString);
        foreach (var pending in batch)
        {
            try
            {
                if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
                pending.Done.TrySetResult(await NewConversionStatement.AloneAsync(connection, pending.Make, CancellationToken.None));
            }
            catch (Exception e)
            {
                pending.Done.TrySetException(e);
            }
        }
    }

    /// <summary>The whole batch in one round trip and one implicit transaction; each statement's id, or null. Throws if any failed.</summary>
    private async Task<long?[]> TogetherAsync(List<Pending> batch)
    {
        var ids = new long?[batch.Count];
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlBatch(connection))
        {
            foreach (var pending in batch) command.BatchCommands.Add(pending.Make());
            await using var reader = await command.ExecuteReaderAsync();
            for (var i = 0; i < batch.Count; i++)
            {
                if (await reader.ReadAsync()) ids[i] = reader.GetInt64(0);
                await reader.NextResultAsync();
            }
        }
        // The reader is closed: PostgreSQL has answered the batch's end (its Sync), so the transaction is committed.
        return ids;
    }
}
