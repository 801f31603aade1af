using System.Text.RegularExpressions;

namespace Offerwall.Web;

/// <summary>
/// The device a user is on, as offers target it: <see cref="Platform"/> (<c>android</c>, <c>ios</c> or <c>web</c>, a desktop or other
/// browser), <see cref="Type"/> (<c>phone</c>, <c>tablet</c> or <c>desktop</c>) and the OS version where it can be told (null: unknown;
/// always null on the web, where offers do not target OS versions).
/// <para>
/// <see cref="FromUserAgent"/> is a small parser of our own: the NuGet packages that parse user agents well (UAParser, DeviceDetector.NET,
/// MyCSharp.HttpUserAgentParser, Wangkanai.Detection) are not served to this project, and we need three facts, not a browser database.
/// Rules, in order:
/// </para>
/// <list type="number">
/// <item>Nothing sent: web desktop. "Windows Phone" (whose UAs also name Android and iPhone): web phone.</item>
/// <item>"iPad": ios tablet; "iPhone" or "iPod": ios phone. Version from "CPU iPhone OS 17_4 like Mac OS X" / "CPU OS 16_1 like Mac OS X".
/// Safari 26 on iOS freezes that token at 18_6 or 18_7 and gives the real version as Safari's "Version/26.x" (WebKit, "WebKit Features in
/// Safari 26.0"): an iOS 18 token beside Version/26 or later reads the Safari version. Other iOS browsers and WKWebView still send theirs.</item>
/// <item>"Android": android; phone when the UA says "Mobile" (Chrome's "Mobile Safari", Firefox's "Mobile;"), else tablet (Google's
/// convention for Android browsers: tablets leave "Mobile" out). The native HTTP client's "Dalvik/" UA follows no such convention:
/// phone, the likelier. Version from "Android 14;", "Android 10)", "Android 4.4.2;". Chrome (110 on) and Android 16's WebView reduce
/// the UA to the constant "Android 10; K": that version is unknown (Chromium, "User-Agent Reduction").</item>
/// <item>Everything else (Windows, macOS, Linux, ChromeOS, bots, app HTTP clients such as okhttp): web desktop. iPadOS 13 and later
/// ask for the desktop site by default, as do large Android tablets' Chrome: they send a desktop UA (Macintosh, X11; Linux) that
/// cannot be told from a computer's, so they are web desktop unless the app says otherwise (<see cref="DeviceHints"/>).</item>
/// </list>
/// </summary>
public sealed partial record Device(string Platform, string Type, Version? OsVersion)
{
    public const string Android = "android";
    public const string Ios = "ios";
    public const string Web = "web";

    public const string Phone = "phone";
    public const string Tablet = "tablet";
    public const string Desktop = "desktop";

    /// <summary>A platform as apps and operators write it, normalized (android, ios, web; desktop is web, any case); null when it is none.</summary>
    public static string? PlatformOf(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        Android => Android,
        Ios => Ios,
        Web or Desktop => Web,
        _ => null,
    };

    /// <summary>What an unknown or empty user agent is: a desktop browser of unknown version.</summary>
    public static readonly Device UnknownDesktop = new(Web, Desktop, null);

    /// <summary>How much of a User-Agent is read: real ones are under 600 characters, in-app browsers' included.</summary>
    public const int MaxUserAgentLength = 2048;

    /// <summary>The device a User-Agent header names; see the class comment for the rules. Never null.</summary>
    public static Device FromUserAgent(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return UnknownDesktop;
        var ua = userAgent.Length > MaxUserAgentLength ? userAgent[..MaxUserAgentLength] : userAgent;
        if (ua.Contains("Windows Phone", StringComparison.OrdinalIgnoreCase)) return new(Web, Phone, null);

        var ipad = ua.Contains("iPad", StringComparison.OrdinalIgnoreCase);
        if (ipad || ua.Contains("iPhone", StringComparison.OrdinalIgnoreCase) || ua.Contains("iPod", StringComparison.OrdinalIgnoreCase))
            return new(Ios, ipad ? Tablet : Phone, IosVersion(ua));

        if (AndroidToken().Match(ua) is { Success: true } android)
        {
            var phone = ua.Contains("Mobile", StringComparison.Ordinal) || ua.StartsWith("Dalvik/", StringComparison.OrdinalIgnoreCase);
            var reduced = ReducedAndroid().IsMatch(ua);
            var version = android.Groups[1].Success && !reduced ? OsVersionRange.ParseLoose(android.Groups[1].ValueSpan) : null;
            return new(Android, phone ? Phone : Tablet, version);
        }
        return UnknownDesktop;
    }

    /// <summary>
    /// The devices a request's user may complete offers on: the one its User-Agent names, as corrected by what the app said (first),
    /// then the other devices the app said the user owns. Without hints, the User-Agent's device alone.
    /// </summary>
    public static IReadOnlyList<Device> Resolve(string? userAgent, DeviceHints? hints) =>
        hints?.Apply(userAgent) ?? [FromUserAgent(userAgent)];

    /// <summary>
    /// Whether an offer's platforms (comma-separated; empty: all) and OS bounds (<see cref="OsVersionRange"/>) take this device. A platform
    /// is listed as itself ("android": phones and tablets) or with the device type ("android_phone", "ios_tablet", …).
    /// </summary>
    public bool Matches(string platforms, string? minOsVersion, string? maxOsVersion)
    {
        if (!string.IsNullOrWhiteSpace(platforms))
        {
            var listed = false;
            foreach (var range in platforms.AsSpan().Split(','))
            {
                var item = platforms.AsSpan()[range].Trim();
                var underscore = item.IndexOf('_');
                var platform = underscore < 0 ? item : item[..underscore];
                var type = underscore < 0 ? ReadOnlySpan<char>.Empty : item[(underscore + 1)..];
                if (platform.Equals(Platform, StringComparison.OrdinalIgnoreCase) && (type.IsEmpty || type.Equals(Type, StringComparison.OrdinalIgnoreCase)))
                {
                    listed = true;
                    break;
                }
            }
            if (!listed) return false;
        }
        return OsVersionRange.Contains(minOsVersion, maxOsVersion, OsVersion);
    }

    private static Version? IosVersion(string ua)
    {
        if (IosToken().Match(ua) is not { Success: true } os) return null;
        var version = OsVersionRange.ParseLoose(os.Groups[1].ValueSpan);
        if (version?.Major == 18 && SafariVersion().Match(ua) is { Success: true } safari && OsVersionRange.ParseLoose(safari.Groups[1].ValueSpan) is { Major: >= 26 } real)
            return real;
        return version;
    }

    /// <summary>"CPU iPhone OS 17_4_1 like Mac OS X", "CPU OS 16_1 like Mac OS X" (iPad); "CPU like Mac OS X" (iPhone OS 1) has none.</summary>
    [GeneratedRegex(@"\bOS (\d+(?:[_.]\d+)*) like Mac OS X", RegexOptions.CultureInvariant)]
    private static partial Regex IosToken();

    /// <summary>Safari's own version, "Version/26.1"; on iOS it is the OS's (Safari ships with it).</summary>
    [GeneratedRegex(@"\bVersion/(\d+(?:\.\d+)*)", RegexOptions.CultureInvariant)]
    private static partial Regex SafariVersion();

    /// <summary>"Android 14;", "Android 4.4.2;", "Android 10)", "Android/9"; "Android;" (no version) too.</summary>
    [GeneratedRegex(@"\bAndroid(?:[ /](\d+(?:\.\d+)*))?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AndroidToken();

    /// <summary>Chrome's and WebView's reduced UA: "(Linux; Android 10; K)", "(Linux; Android 10; K; wv)".</summary>
    [GeneratedRegex(@"\bAndroid 10; K[;)]", RegexOptions.CultureInvariant)]
    private static partial Regex ReducedAndroid();
}
