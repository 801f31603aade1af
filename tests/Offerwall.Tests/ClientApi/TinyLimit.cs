namespace Offerwall.Tests.ClientApi;

/// <summary>A client API limit small enough to reach in a test: 3 requests per app token per minute.</summary>
public static class TinyLimit
{
    public const int Permits = 3;

    public static IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("ClientApi:PermitLimit", Permits.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("ClientApi:Window", "00:01:00")];
}
