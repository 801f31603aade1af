namespace Offerwall.Hosting;

/// <summary>Reports on the caller's thread: <see cref="Progress{T}"/> posts to the thread pool, so its last report could land after the display ends.</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
