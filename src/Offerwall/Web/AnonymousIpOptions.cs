namespace Offerwall.Web;

/// <summary>
/// Section "Vpn", the anonymizer database: a MaxMind Anonymous IP database (.mmdb; GeoIP2 Anonymous IP or a file of the same shape) and
/// which of its flags count as an anonymizer. Each flag can be switched off (<c>Vpn:AnonymousIp:HostingProvider=false</c>); all count by default.
/// </summary>
public sealed class AnonymousIpOptions
{
    public string? AnonymousIpDatabase { get; set; }

    public AnonymousIpFlags AnonymousIp { get; set; } = new();

    /// <summary>How often the file's modification time is checked; a changed file is reloaded.</summary>
    public TimeSpan ReloadCheckInterval { get; set; } = TimeSpan.FromSeconds(10);
}
