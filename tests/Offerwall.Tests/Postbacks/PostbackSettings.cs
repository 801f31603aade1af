namespace Offerwall.Tests.Postbacks;

/// <summary>A server whose postbacks may go to 127.0.0.1 (the test sink), with a 1-second timeout.</summary>
public static class PostbackSettings
{
    public static readonly KeyValuePair<string, string?>[] Values =
    [
        new("Postbacks:AllowPrivateNetworks", "true"),
        new("Postbacks:Timeout", "00:00:01"),
        new("Postbacks:Lease", "00:00:30"),
    ];
}
