using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Offerwall.Data;

namespace Offerwall.Admin;

/// <summary>
/// The token /admin answers to: the configured Admin:Token, or, with none configured, the demo's
/// documented token while the database holds only the demo data this server generated itself
/// (decided at start by <see cref="DecideAsync"/>). A database with any other partner never answers
/// to the demo token.
/// </summary>
public sealed class AdminToken(IOptions<AdminOptions> options, ILogger<AdminToken> log)
{
    private volatile bool _demo;

    public string Current => options.Value.Token.Length > 0 ? options.Value.Token : _demo ? AdminOptions.DemoToken : "";

    /// <summary>Whether /admin answers to the demo token (shown in the demo banner).</summary>
    public bool IsDemo => options.Value.Token.Length == 0 && _demo;

    /// <summary>With demo data on and no token configured: the demo token only if every partner is one the demo generated.</summary>
    public async Task DecideAsync(OfferwallDb db, bool demoEnabled, CancellationToken ct)
    {
        _demo = false;
        if (options.Value.Token.Length > 0 || !demoEnabled) return;
        if (await db.Partners.AnyAsync(p => !p.IsDemo, ct))
        {
            log.LogWarning("Demo:Enabled is on, but this database holds partners the demo did not create: the demo admin token is off. " +
                           "Set Admin:Token (at least {Length} characters) to use the admin API.", AdminOptions.MinTokenLength);
            return;
        }
        _demo = await db.Partners.AnyAsync(ct);
    }
}
