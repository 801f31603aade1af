namespace Offerwall.Postbacks;

/// <summary>
/// Wakes this process's postback worker, so a first attempt does not wait for the next poll: called
/// explicitly after each commit that queued a postback (RecordConversion, ConversionLifecycle) and by
/// the worker itself when outcomes are recorded.
/// </summary>
public sealed class DeliverySignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        lock (_signal)
            if (_signal.CurrentCount == 0) _signal.Release();
    }

    /// <summary>Returns when notified or after <paramref name="max"/> of the clock, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan max, TimeProvider clock, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var signalled = _signal.WaitAsync(cts.Token);
        var elapsed = Task.Delay(max, clock, cts.Token);
        await Task.WhenAny(signalled, elapsed);
        await cts.CancelAsync();
        try { await Task.WhenAll(signalled, elapsed); } catch (OperationCanceledException) { }
        ct.ThrowIfCancellationRequested();
    }
}
