using System.Net;
using Offerwall.Web;

namespace Offerwall.Tests.Web;

/// <summary>Addresses the guard must refuse at connect time: one of each range it added, and the older ones.</summary>
public static class RefusedAddresses
{
    public static readonly string[] All =
    [
        "64:ff9b::a9fe:a9fe",                    // NAT64: 169.254.169.254 through the gateway
        "64:ff9b:1::a9fe:a9fe",                  // NAT64, local use
        "2002:a9fe:a9fe::1",                     // 6to4 of 169.254.169.254
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  // Teredo
        "fec0::1",                               // site-local
        "::a9fe:a9fe",                           // IPv4-compatible 169.254.169.254
        "::7f00:1",                              // IPv4-compatible 127.0.0.1
        "::ffff:0:a9fe:a9fe",                    // IPv4-translated 169.254.169.254
        "100::1",                                // discard
        "2001:db8::1",                           // documentation
        "192.0.2.1",                             // documentation
        "198.51.100.1",                          // documentation
        "203.0.113.1",                           // documentation
        "192.88.99.1",                           // 6to4 relay
        "127.0.0.1", "::1", "::ffff:127.0.0.1", "169.254.169.254", "10.0.0.1", "fd00::1",
    ];

    public static TheoryData<string> Each => new(All);

    /// <summary>A public address that the test servers' guard is told is one of this machine's own (a server with a public address).</summary>
    public const string Own = "8.8.8.8";
    public const string OwnV6 = "2001:4860:4860::8888";

    public static OwnAddresses OwnList(TimeProvider clock) => new(clock, () => [IPAddress.Parse(Own), IPAddress.Parse(OwnV6)]);
}
