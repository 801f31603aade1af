namespace Offerwall.Web;

/// <summary>
/// What an app said about its user's devices, BitLabs-style, checked (<see cref="TryParse"/>) and applied to the User-Agent's device
/// (<see cref="Apply"/>). Three values, all optional:
/// <list type="bullet">
/// <item><c>platform</c>: the device the request comes from, overriding the User-Agent's: android, ios or web, as our client API's
/// <c>platform</c> filter; <c>desktop</c> is taken for web, as BitLabs' web offer wall names it in its <c>os</c> parameter
/// ("android, ios, desktop": https://developer.bitlabs.ai/docs/iframeweb-integration).</item>
/// <item><c>devices</c>: the mobile devices the user owns, any of iphone, ipad and android, as BitLabs' <c>GET /v2/client/offers</c>
/// takes them ("An array that any combination of iphone, ipad, or android":
/// https://docs.bitlabs.ai/operation/operation-getoffersv2). BitLabs passes them to AdGate, where they let a desktop user see mobile
/// offers (https://docs.adgatemedia.com/apis/user-based-api-v1/post-devices): they add devices, they do not replace the current one.
/// Repeated parameters and comma-separated values are both read. "android" does not tell phone from tablet: it is taken for a phone.</item>
/// <item><c>os_version</c>: the current device's OS version ("14", "17.4.1"; <see cref="OsVersionRange"/>'s shape). Not BitLabs': ours,
/// because the User-Agent no longer carries it on Chrome for Android (frozen at "Android 10; K") nor in Safari 26 (frozen at iOS 18).</item>
/// </list>
/// Values are trimmed and read in any case. BitLabs documents no <c>platform</c> values such as MOBILE or WEB_DESKTOP for its offers API.
/// </summary>
public sealed record DeviceHints(string? Platform, IReadOnlyList<Device> Owned, Version? OsVersion)
{
    public const string PlatformError = "platform must be android, ios or web";
    public const string DevicesError = "devices must each be iphone, ipad or android";

    /// <summary>
    /// Checks the values as sent. True with null <paramref name="hints"/> when none was sent (absent, empty or blank); false with the
    /// first error (for a 400) when one is not understood.
    /// </summary>
    public static bool TryParse(string? platform, IEnumerable<string?>? devices, string? osVersion, out DeviceHints? hints, out string? error)
    {
        hints = null;
        error = null;
        string? p = null;
        if (!string.IsNullOrWhiteSpace(platform))
        {
            p = Device.PlatformOf(platform);
            if (p is null) { error = PlatformError; return false; }
        }

        var owned = new List<Device>();
        foreach (var value in devices ?? [])
        {
            if (value is null) continue;
            foreach (var range in value.AsSpan().Split(','))
            {
                var name = value.AsSpan()[range].Trim();
                if (name.IsEmpty) continue;
                Device? device = name.Equals("iphone", StringComparison.OrdinalIgnoreCase) ? new(Device.Ios, Device.Phone, null)
                    : name.Equals("ipad", StringComparison.OrdinalIgnoreCase) ? new(Device.Ios, Device.Tablet, null)
                    : name.Equals("android", StringComparison.OrdinalIgnoreCase) ? new(Device.Android, Device.Phone, null)
                    : null;
                if (device is null) { error = DevicesError; return false; }
                if (!owned.Contains(device)) owned.Add(device);
            }
        }

        Version? version = null;
        if (!string.IsNullOrWhiteSpace(osVersion) && !OsVersionRange.TryParseVersion(osVersion.Trim(), out version))
        {
            error = $"os_version {OsVersionRange.Shape}";
            return false;
        }

        if (p is null && owned.Count == 0 && version is null) return true;
        hints = new DeviceHints(p, owned, version);
        return true;
    }

    /// <summary>
    /// The device the request comes from. Without <see cref="Platform"/>, or with the User-Agent's own, the User-Agent's device, its
    /// version replaced by <see cref="OsVersion"/> when one was sent (never on the web, which has none). With another platform: that
    /// platform, the version sent (the User-Agent's is another platform's) and as type desktop on the web, else the one owned device of
    /// that platform's (iphone: phone, ipad: tablet), else tablet for ios behind a Macintosh User-Agent (iPadOS asks for the desktop
    /// site by default), else phone.
    /// </summary>
    public Device Current(string? userAgent)
    {
        var seen = Device.FromUserAgent(userAgent);
        if (Platform is null || Platform == seen.Platform)
            return seen.Platform == Device.Web || OsVersion is null ? seen : seen with { OsVersion = OsVersion };
        if (Platform == Device.Web) return Device.UnknownDesktop;

        var types = Owned.Where(d => d.Platform == Platform && Platform == Device.Ios).Select(d => d.Type).Distinct().ToList();
        var type = types.Count == 1 ? types[0]
            : Platform == Device.Ios && userAgent?.Contains("Macintosh", StringComparison.OrdinalIgnoreCase) == true ? Device.Tablet
            : Device.Phone;
        return new Device(Platform, type, OsVersion);
    }

    /// <summary>
    /// The devices the user may complete offers on: <see cref="Current"/> first, then each owned device it is not (an owned android is
    /// the current device when that is android, phone or tablet), of unknown version.
    /// </summary>
    public IReadOnlyList<Device> Apply(string? userAgent)
    {
        var current = Current(userAgent);
        var all = new List<Device> { current };
        foreach (var device in Owned)
        {
            var same = device.Platform == current.Platform && (device.Platform == Device.Android || device.Type == current.Type);
            if (!same) all.Add(device);
        }
        return all;
    }
}
