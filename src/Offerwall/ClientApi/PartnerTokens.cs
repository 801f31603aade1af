using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Offerwall.Data;

namespace Offerwall.ClientApi;

/// <summary>
/// The partners the client API has met, by the app token their apps send: every client API request starts with this lookup, and
/// without a copy in memory it is one round trip of every request (docs/performance.md).
/// <para>
/// As fresh as <see cref="LiveCatalog"/>, on the same count (<see cref="CatalogChanges"/>): a change of a partner committed by this
/// process (its settings, a suspension, a new app token) drops every copy at once; a change made elsewhere (another node, the command
/// line) shows within <see cref="ClientApiOptions.CatalogMaxAge"/>. Only tokens a partner holds are kept, so guessing tokens fills
/// nothing; a token rotated away in its grace period is looked up each time, as its end depends on the clock.
/// </para>
/// The partners kept are shared by every request: nothing may change them.
/// </summary>
public sealed class PartnerTokens(IOptions<ClientApiOptions> options)
{
    private sealed record Kept(Partner Partner, long LoadedAt);

    private sealed class Copies(long version)
    {
        public long Version { get; } = version;
        public ConcurrentDictionary<string, Kept> ByToken { get; } = new(StringComparer.Ordinal);
    }

    // More partners than any operator has: past it the copies start again, whatever their age.
    private const int MaxKept = 100_000;

    private volatile Copies _copies = new(-1);

    /// <summary>The partner holding <paramref name="token"/> as its app token now, or null.</summary>
    public async ValueTask<Partner?> CurrentAsync(OfferwallDb db, string token, CancellationToken ct)
    {
        // The count before the read: a change committed during the read leaves a copy already stale.
        var version = CatalogChanges.Version(db);
        var copies = _copies;
        if (copies.Version != version || copies.ByToken.Count >= MaxKept) _copies = copies = new Copies(version);
        var maxAge = (long)options.Value.CatalogMaxAge.TotalMilliseconds;
        if (copies.ByToken.TryGetValue(token, out var kept) && Environment.TickCount64 - kept.LoadedAt < maxAge) return kept.Partner;
        var loadedAt = Environment.TickCount64;
        var partner = await ByAppToken.For(db)(db, token, ct);
        if (partner is null) copies.ByToken.TryRemove(token, out _);
        else if (maxAge > 0) copies.ByToken[token] = new Kept(partner, loadedAt);
        return partner;
    }

    // Compiled (Data/PerEngine.cs): asked whenever the copy is missing or old.
    private static readonly PerEngine<Func<OfferwallDb, string, CancellationToken, Task<Partner?>>> ByAppToken = new(() =>
        EF.CompileAsyncQuery((OfferwallDb db, string token, CancellationToken ct) => db.Partners.AsNoTracking().FirstOrDefault(p => p.AppToken == token)));
}
