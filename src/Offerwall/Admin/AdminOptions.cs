namespace Offerwall.Admin;

/// <summary>Section "Admin": the operator's token for /admin. Empty: the admin API refuses everyone (but see <see cref="AdminToken"/>).</summary>
public sealed class AdminOptions
{
    /// <summary>The demo's documented token: it opens /admin only on a database of demo data alone (<see cref="AdminToken"/>).</summary>
    public const string DemoToken = "demo_admin_token";

    /// <summary>Shorter tokens are refused at start: the token guards every partner's money.</summary>
    public const int MinTokenLength = 32;

    public string Token { get; set; } = "";

    /// <summary>Failed admin authentications allowed per client address per <see cref="FailureWindow"/>; beyond, 429 until the window ends.</summary>
    public int FailureLimit { get; set; } = 10;
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(1);
}
