using Offerwall.Web;

namespace Offerwall.Tests.Web;

/// <summary>
/// The device a request comes from (Web/Device.cs): real user agents, the app's BitLabs-style values (Web/DeviceHints.cs) and an
/// offer's OS version bounds (Web/OsVersionRange.cs). A device is written "platform type version", "-" for an unknown version.
/// </summary>
public sealed class DeviceTests
{
    private const string IpadDesktopMode =
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";
    private const string WindowsChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
    private const string IphoneSafari =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    private const string ChromeAndroidReduced = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";
    private const string SamsungTablet = "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36";

    [Theory]
    // Android phones: "Mobile" in the UA.
    [InlineData("Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Mobile Safari/537.36", "android phone 13.0")]
    [InlineData(ChromeAndroidReduced, "android phone -")]   // Chrome 110+: "Android 10; K" is a constant, not the version
    [InlineData("Mozilla/5.0 (Linux; Android 10; Pixel 3) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/83.0.4103.101 Mobile Safari/537.36", "android phone 10.0")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
        "android phone 14.0")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; SM-A546B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 "
        + "Mobile Safari/537.36", "android phone 14.0")]                                     // WebView
    [InlineData("Mozilla/5.0 (Linux; Android 10; K; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/125.0.0.0 Mobile Safari/537.36",
        "android phone -")]                                                                  // Android 16's reduced WebView
    [InlineData("Mozilla/5.0 (Linux; U; Android 4.4.2; en-us; SCH-I535 Build/KOT49H) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30",
        "android phone 4.4.2")]
    [InlineData("Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0", "android phone 14.0")]
    [InlineData("Dalvik/2.1.0 (Linux; U; Android 13; SM-S911B Build/TP1A.220624.014)", "android phone 13.0")]   // the native HTTP client
    [InlineData("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91 Mobile Safari/537.36 "
        + "(compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "android phone 6.0.1")]   // bots are not special
    // Android tablets: no "Mobile".
    [InlineData(SamsungTablet, "android tablet 13.0")]
    [InlineData("Mozilla/5.0 (Android 13; Tablet; rv:125.0) Gecko/125.0 Firefox/125.0", "android tablet 13.0")]
    [InlineData("Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/124.3.1 like Chrome/124.0.6367.179 Safari/537.36",
        "android tablet 9.0")]                                                               // Kindle Fire
    // iPhone and iPod.
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
        "ios phone 17.4.1")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", "ios phone 17.4")]   // WKWebView
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
        "ios phone 16.6")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/452.0.0.39.110;"
        + "FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.3.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/0]", "ios phone 17.3.1")]   // Facebook's in-app browser
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1",
        "ios phone 18.6")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1",
        "ios phone 26.0")]                                                                   // Safari 26 freezes the OS token
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.3 Mobile/15E148 Safari/604.1",
        "ios phone 26.3")]
    [InlineData("Mozilla/5.0 (iPod touch; CPU iPhone OS 15_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6.1 Mobile/15E148 Safari/604.1",
        "ios phone 15.7")]
    [InlineData("Mozilla/5.0 (iPhone; U; CPU like Mac OS X; en) AppleWebKit/420+ (KHTML, like Gecko) Version/3.0 Mobile/1A543a Safari/419.3", "ios phone -")]
    // iPad.
    [InlineData("Mozilla/5.0 (iPad; CPU OS 16_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", "ios tablet 16.1")]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 12_5_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1",
        "ios tablet 12.5.7")]
    [InlineData(IpadDesktopMode, "web desktop -")]                                          // iPadOS 13+: a Mac's UA, cannot be told apart
    // Desktops, and whatever else.
    [InlineData(WindowsChrome, "web desktop -")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0", "web desktop -")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15", "web desktop -")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", "web desktop -")]
    [InlineData("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", "web desktop -")]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "web desktop -")]
    [InlineData("okhttp/4.12.0", "web desktop -")]
    [InlineData("Mozilla/5.0 (Mobile; Windows Phone 8.1; Android 4.0; ARM; Trident/7.0; Touch; rv:11.0; IEMobile/11.0; NOKIA; Lumia 635) like iPhone OS 7_0_3 "
        + "Mac OS X AppleWebKit/537 (KHTML, like Gecko) Mobile Safari/537", "web phone -")]   // names Android and iPhone too
    [InlineData("", "web desktop -")]
    [InlineData("   ", "web desktop -")]
    [InlineData(null, "web desktop -")]
    public void TheUserAgentNamesTheDevice(string? userAgent, string expected) =>
        Assert.Equal(expected, Show(Device.FromUserAgent(userAgent)));

    [Fact]
    public void OnlyTheStartOfAHugeUserAgentIsRead()
    {
        Assert.Equal("web desktop -", Show(Device.FromUserAgent(new string('x', Device.MaxUserAgentLength) + " (iPhone; CPU iPhone OS 17_4 like Mac OS X)")));
        Assert.Equal("ios phone 17.4", Show(Device.FromUserAgent(IphoneSafari + new string('x', 100_000))));
    }

    [Theory]
    [InlineData("17_4_1", "17.4.1")]
    [InlineData("14", "14.0")]
    [InlineData("4.4.2", "4.4.2")]
    [InlineData("16_1", "16.1")]
    [InlineData("1_2_3_4_5", "1.2.3.4")]   // past the fourth component: dropped
    [InlineData("10000", null)]
    [InlineData("14__1", null)]
    [InlineData("", null)]
    public void UserAgentVersionsAreReadTolerantly(string text, string? expected) =>
        Assert.Equal(expected, OsVersionRange.ParseLoose(text)?.ToString());

    // ---- The app's values (DeviceHints) ----

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("", new string[0], "")]
    [InlineData("  ", new[] { "", " , " }, " ")]
    public void NothingSentIsNoHints(string? platform, string[]? devices, string? osVersion)
    {
        Assert.True(DeviceHints.TryParse(platform, devices, osVersion, out var hints, out var error));
        Assert.Null(hints);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("android", null, null, "android", "", "-")]
    [InlineData(" IOS ", null, null, "ios", "", "-")]
    [InlineData("web", null, null, "web", "", "-")]
    [InlineData("desktop", null, null, "web", "", "-")]                    // BitLabs' web offer wall's name for it
    [InlineData(null, new[] { "iphone", "ipad" }, null, "", "ios phone -, ios tablet -", "-")]
    [InlineData(null, new[] { "iphone,ANDROID", " ipad " }, null, "", "ios phone -, android phone -, ios tablet -", "-")]
    [InlineData(null, new[] { "android", "android", null }, null, "", "android phone -", "-")]
    [InlineData("ios", null, "17.4", "ios", "", "17.4")]
    [InlineData(null, null, " 14 ", "", "", "14.0")]
    public void HintsAreRead(string? platform, string?[]? devices, string? osVersion, string wantPlatform, string wantOwned, string wantVersion)
    {
        Assert.True(DeviceHints.TryParse(platform, devices, osVersion, out var hints, out var error));
        Assert.Null(error);
        Assert.NotNull(hints);
        Assert.Equal(wantPlatform, hints.Platform ?? "");
        Assert.Equal(wantOwned, string.Join(", ", hints.Owned.Select(Show)));
        Assert.Equal(wantVersion, hints.OsVersion?.ToString() ?? "-");
    }

    [Theory]
    [InlineData("MOBILE", null, null, DeviceHints.PlatformError)]
    [InlineData("WEB_DESKTOP", null, null, DeviceHints.PlatformError)]
    [InlineData("windows", null, null, DeviceHints.PlatformError)]
    [InlineData(null, new[] { "iphone", "desktop" }, null, DeviceHints.DevicesError)]
    [InlineData(null, new[] { "iphone;ipad" }, null, DeviceHints.DevicesError)]
    [InlineData("ios", null, "17.x", "os_version must be 1 to 4 numbers separated by dots, each at most 9999")]
    [InlineData("ios", null, "1.2.3.4.5", "os_version must be 1 to 4 numbers separated by dots, each at most 9999")]
    [InlineData("android", null, "17_4", "os_version must be 1 to 4 numbers separated by dots, each at most 9999")]
    public void UnknownHintsAreRefused(string? platform, string[]? devices, string? osVersion, string expected)
    {
        Assert.False(DeviceHints.TryParse(platform, devices, osVersion, out var hints, out var error));
        Assert.Null(hints);
        Assert.Equal(expected, error);
    }

    [Theory]
    // No hints: the User-Agent's device alone.
    [InlineData(IphoneSafari, null, null, null, "ios phone 17.4")]
    // devices add what the user owns (a desktop user sees mobile offers), each of unknown version; the current device is not repeated.
    [InlineData(WindowsChrome, null, "iphone,android", null, "web desktop -, ios phone -, android phone -")]
    [InlineData(IphoneSafari, null, "iphone,ipad", null, "ios phone 17.4, ios tablet -")]
    [InlineData(SamsungTablet, null, "android", null, "android tablet 13.0")]
    // platform overrides the User-Agent's; os_version gives the version the UA no longer carries.
    [InlineData(IpadDesktopMode, "ios", null, null, "ios tablet -")]                        // iPadOS asks for the desktop site
    [InlineData(IpadDesktopMode, "ios", null, "17.4", "ios tablet 17.4")]
    [InlineData(IpadDesktopMode, "ios", "iphone", null, "ios phone -")]                     // an iPhone asking for the desktop site
    [InlineData(ChromeAndroidReduced, null, null, "14", "android phone 14.0")]
    [InlineData(ChromeAndroidReduced, "android", null, "14.1", "android phone 14.1")]
    [InlineData(IphoneSafari, "ios", null, "17.5", "ios phone 17.5")]
    [InlineData(WindowsChrome, "android", null, null, "android phone -")]                  // e.g. an app's server calling for its user
    [InlineData("okhttp/4.12.0", "android", "android", "13", "android phone 13.0")]
    [InlineData(IphoneSafari, "web", null, null, "web desktop -")]
    [InlineData(WindowsChrome, null, null, "14", "web desktop -")]                          // the web has no OS version
    [InlineData(WindowsChrome, "desktop", "ipad", null, "web desktop -, ios tablet -")]
    public void HintsCorrectTheUserAgent(string userAgent, string? platform, string? devices, string? osVersion, string expected)
    {
        Assert.True(DeviceHints.TryParse(platform, devices is null ? null : [devices], osVersion, out var hints, out _));
        Assert.Equal(expected, string.Join(", ", Device.Resolve(userAgent, hints).Select(Show)));
    }

    // ---- An offer's OS version bounds (OsVersionRange) ----

    [Theory]
    [InlineData(null, null, null, true)]
    [InlineData("", " ", null, true)]                 // blank bounds are no bounds
    [InlineData(null, null, "17.4", true)]
    [InlineData("14", null, null, false)]             // unknown version: within no bounded range
    [InlineData(null, "17", null, false)]
    // min: component by component, a missing one counting as 0.
    [InlineData("14.2", null, "14.1.9", false)]
    [InlineData("14.2", null, "14.1", false)]
    [InlineData("14.2", null, "14.2", true)]
    [InlineData("14.2", null, "14.2.0.1", true)]
    [InlineData("14.2", null, "15.0", true)]
    [InlineData("14.0.0", null, "14.0", true)]
    [InlineData("10", null, "9.9.9", false)]
    [InlineData("10", null, "10.0", true)]
    [InlineData("4.4.2", null, "4.4.1", false)]
    [InlineData("4.4.2", null, "4.4.2", true)]
    // max: only as many components as it gives.
    [InlineData(null, "17", "17.0", true)]
    [InlineData(null, "17", "17.9.9", true)]
    [InlineData(null, "17", "18.0", false)]
    [InlineData(null, "17.4", "17.4.1", true)]
    [InlineData(null, "17.4", "17.5", false)]
    [InlineData(null, "17.4.0", "17.4.1", false)]
    [InlineData(null, "17.4.1", "17.4", true)]
    // Both.
    [InlineData("14", "14", "14.7", true)]
    [InlineData("14", "14", "13.9", false)]
    [InlineData("14", "14", "15.0", false)]
    [InlineData("13.1", "17", "17.7.2", true)]
    // A stored bound that does not parse shuts the range.
    [InlineData("abc", null, "17.4", false)]
    [InlineData(null, "17.x", "17.4", false)]
    public void VersionsAreWithinBounds(string? min, string? max, string? version, bool expected) =>
        Assert.Equal(expected, OsVersionRange.Contains(min, max, version is null ? null : Version.Parse(version)));

    [Theory]
    [InlineData("10")]
    [InlineData("14.2")]
    [InlineData("17.4.1")]
    [InlineData("1.2.3.4")]
    [InlineData("9999.9999.9999.9999")]
    [InlineData("0")]
    [InlineData("07")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void BoundsThatAreValid(string? text) => Assert.Null(OsVersionRange.Check("min_os_version", text));

    [Theory]
    [InlineData("1.")]
    [InlineData(".1")]
    [InlineData("1..2")]
    [InlineData("1.2.3.4.5")]
    [InlineData("10000")]
    [InlineData("00001")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 14")]
    [InlineData("14 ")]
    [InlineData("17_4")]
    [InlineData("1e3")]
    [InlineData("14.x")]
    [InlineData("\u0661\u0664")]   // Arabic-Indic "14": digits, not ASCII ones
    public void BoundsThatAreNot(string text) =>
        Assert.Equal("max_os_version must be 1 to 4 numbers separated by dots, each at most 9999", OsVersionRange.Check("max_os_version", text));

    [Theory]
    [InlineData("14", "15", null)]
    [InlineData("14", "14", null)]
    [InlineData("17.4", "17", null)]                  // 17.4 up to every 17.x
    [InlineData("14", null, null)]
    [InlineData(null, "9", null)]
    [InlineData("15", "14", "min_os_version must not be above max_os_version")]
    [InlineData("18", "17.9", "min_os_version must not be above max_os_version")]
    [InlineData("17.5", "17.4", "min_os_version must not be above max_os_version")]
    [InlineData("x", "17.4", "min_os_version must be 1 to 4 numbers separated by dots, each at most 9999")]
    [InlineData("1", "1.2.3.4.5", "max_os_version must be 1 to 4 numbers separated by dots, each at most 9999")]
    public void BoundsAsAPair(string? min, string? max, string? expected) => Assert.Equal(expected, OsVersionRange.CheckRange(min, max));

    [Theory]
    [InlineData("", null, null, true)]
    [InlineData("android, IOS", null, null, true)]
    [InlineData("android,web", null, null, false)]
    [InlineData("ios", "17", null, true)]
    [InlineData("ios", "17.5", null, false)]
    [InlineData("ios", null, "16", false)]
    public void AnOfferTakesTheDevice(string platforms, string? min, string? max, bool expected) =>
        Assert.Equal(expected, new Device(Device.Ios, Device.Phone, new Version(17, 4)).Matches(platforms, min, max));

    private static string Show(Device d) => $"{d.Platform} {d.Type} {d.OsVersion?.ToString() ?? "-"}";
}
