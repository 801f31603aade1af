namespace Offerwall.Bench;

/// <summary>
/// A worker's reusable answer buffer: a 300 KB page read into a fresh array per request would make the
/// load generator collect garbage (and take CPU from the server on a small machine) all the time.
/// </summary>
public sealed class BodyBuffer
{
    private byte[] _data = new byte[64 * 1024];

    public int Length { get; private set; }
    public ReadOnlySpan<byte> Span => _data.AsSpan(0, Length);
    public ReadOnlyMemory<byte> Memory => _data.AsMemory(0, Length);

    public async Task ReadAsync(HttpContent content, CancellationToken ct)
    {
        Length = 0;
        await using var stream = await content.ReadAsStreamAsync(ct);
        while (true)
        {
            if (Length == _data.Length) Array.Resize(ref _data, _data.Length * 2);
            var read = await stream.ReadAsync(_data.AsMemory(Length), ct);
            if (read == 0) return;
            Length += read;
        }
    }
}
