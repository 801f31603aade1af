namespace Offerwall.Data;

/// <summary>
/// PostgreSQL: once a day after the start's round (Database.MigrateAsync), makes the ledger's partitions of the coming months
/// (<see cref="LedgerPartitions.EnsureAheadAsync"/>), so a payment never waits on DDL at a month's turn. Every node runs it; the
/// database function takes a lock and skips months that exist.
/// </summary>
public sealed class LedgerMonthsWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<LedgerMonthsWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1), clock);
        try
        {
            // The start's own round ran in Database.MigrateAsync, before the server took a payment.
            while (await timer.WaitForNextTickAsync(stoppingToken)) await EnsureAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }

    private async Task EnsureAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OfferwallDb>();
            var made = await LedgerPartitions.EnsureAheadAsync(db, clock.GetUtcNow().UtcDateTime, ct);
            if (made > 0) log.LogInformation("Made {Count} monthly partitions of the ledger ahead of time", made);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "Making the ledger's coming monthly partitions failed; rows would land in ledger_default. Trying again tomorrow");
        }
    }
}
