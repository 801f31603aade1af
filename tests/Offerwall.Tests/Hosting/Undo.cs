namespace Offerwall.Tests.Hosting;

/// <summary>Runs <paramref name="undo"/> when disposed: puts back what a test took away.</summary>
public sealed class Undo(Func<Task> undo) : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await undo();
}
