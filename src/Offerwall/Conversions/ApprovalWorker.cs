using Microsoft.Extensions.Options;
using Offerwall.Data;

namespace Offerwall.Conversions;

/// <summary>
/// Every <see cref="ApprovalOptions.Interval"/> of the injected clock, approves the conversions that
/// are due. Safe on many nodes: each approval is a conditional update, so a conversion is approved
/// (and paid) once whichever node gets there first.
/// </summary>
public sealed class ApprovalWorker(IServiceScopeFactory scopes, Postbacks.DeliverySignal signal, TimeProvider clock, IOptions<ApprovalOptions> options, ILogger<ApprovalWorker> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        try
        {
            do await ApproveDueAsync(stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }

    private async Task ApproveDueAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OfferwallDb>();
            var approved = await ConversionLifecycle.ApproveDueAsync(db, signal, clock.GetUtcNow().UtcDateTime, ct: ct);
            if (approved > 0) log.LogInformation("Approved {Count} conversions whose hold period is over", approved);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "Approving due conversions failed; trying again next round");
        }
    }
}
