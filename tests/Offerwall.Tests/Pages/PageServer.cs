using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Offerwall.Tests.Pages;

/// <summary>
/// The server the browser tests open: real Kestrel on 127.0.0.1, a small demo data set (so the
/// pages show what a new operator sees), and postbacks that may go to 127.0.0.1 with a retry
/// ladder of a single 1-second step, so a delivery to a closed port is dead after two attempts.
/// </summary>
public static class PageServer
{
    public const int DemoRows = 3000;

    public static IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Postbacks:AllowPrivateNetworks", "true"),
        new("Postbacks:RetryLadder:0", "00:00:01"),
        new("Postbacks:Timeout", "00:00:02"),
        new("Postbacks:Lease", "00:00:30"),
    ];

    /// <summary>Demo data on: a source added after the fixture's own settings, which turn it off, so it wins.</summary>
    public static void WithDemoData(WebApplicationBuilder builder) => builder.Configuration.AddInMemoryCollection(
    [
        new("Demo:Enabled", "true"),
        new("Demo:Rows", DemoRows.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ]);
}
