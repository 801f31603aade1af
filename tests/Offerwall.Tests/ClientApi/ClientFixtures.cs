using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

/// <summary>
/// Test-only: the connection's remote address comes from the <see cref="Header"/> request header
/// (else <see cref="Default"/>), set before any of the app's middleware, the way Kestrel sets it
/// from the socket. The test host leaves it null otherwise, and tests need to act as different
/// clients (VPN addresses, proxies).
/// </summary>
public sealed class ClientAddressStartupFilter : IStartupFilter
{
    public const string Header = "X-Test-Client-Ip";
    public static readonly IPAddress Default = IPAddress.Parse("192.0.2.1");

    public static (string, string) From(string address) => (Header, address);

    public static void Install(WebApplicationBuilder builder) => builder.Services.AddSingleton<IStartupFilter, ClientAddressStartupFilter>();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
        {
            var header = context.Request.Headers[Header].ToString();
            context.Connection.RemoteIpAddress = header.Length > 0 ? IPAddress.Parse(header) : context.Connection.RemoteIpAddress ?? Default;
            context.Request.Headers.Remove(Header);
            return nextMiddleware(context);
        });
        next(app);
    };
}

/// <summary>
/// The VPN list files of one fixture: <see cref="Main"/> exists from the start with
/// <see cref="MainContent"/>; <see cref="Extra"/> is configured but absent until a test writes it.
/// The server is set up as behind a proxy: it trusts one proxy (<see cref="Proxy"/>) and one proxy
/// network (<see cref="ProxyNetwork"/>), and apps reach it at <see cref="PublicBaseUrl"/>.
/// </summary>
public sealed class VpnLists
{
    public const string MainContent = """
        # Test list: documentation ranges standing in for VPN and hosting providers.
        198.51.100.0/24
        2001:db8:bad::/48   # an IPv6 provider
        203.0.113.7
        """;

    public const string Proxy = "10.0.0.5";
    public const string ProxyNetwork = "10.1.0.0/16";

    /// <summary>How apps reach the server behind that proxy.</summary>
    public const string PublicBaseUrl = "https://wall.example.com/";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"offerwall-vpn-{Guid.NewGuid():N}");
    public string Main => Path.Combine(_folder, "main.txt");
    public string Extra => Path.Combine(_folder, "extra.txt");

    public VpnLists()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Main, MainContent);
    }

    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Vpn:ListFiles:0", Main),
        new("Vpn:ListFiles:1", Extra),
        new("ForwardedHeaders:KnownProxies:0", Proxy),
        new("ForwardedHeaders:KnownNetworks:0", ProxyNetwork),
        new("Offerwall:PublicBaseUrl", PublicBaseUrl),
    ];

    /// <summary>Writes a list file with a modification time later than any before, as a deploy would.</summary>
    public static void Write(string path, string content)
    {
        var before = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        File.WriteAllText(path, content);
        var stamp = DateTime.UtcNow > before ? DateTime.UtcNow : before;
        File.SetLastWriteTimeUtc(path, stamp.AddSeconds(1));
    }

    public void Delete() => Directory.Delete(_folder, recursive: true);
}

public sealed class SqliteVpnFixture : SqliteFixture
{
    public VpnLists Lists { get; } = new();
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => Lists.Settings;
    protected override void Configure(WebApplicationBuilder builder) => ClientAddressStartupFilter.Install(builder);

    protected override async Task DropDatabaseAsync()
    {
        await base.DropDatabaseAsync();
        Lists.Delete();
    }
}

public sealed class PostgresVpnFixture : PostgresFixture
{
    public VpnLists Lists { get; } = new();
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => Lists.Settings;
    protected override void Configure(WebApplicationBuilder builder) => ClientAddressStartupFilter.Install(builder);

    protected override async Task DropDatabaseAsync()
    {
        await base.DropDatabaseAsync();
        Lists.Delete();
    }
}

/// <summary>A client API limit small enough to reach in a test: 3 requests per app token per minute.</summary>
public static class TinyLimit
{
    public const int Permits = 3;

    public static IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("ClientApi:PermitLimit", Permits.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("ClientApi:Window", "00:01:00")];
}

public sealed class SqliteTinyLimitFixture : SqliteFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => TinyLimit.Settings;
}

public sealed class PostgresTinyLimitFixture : PostgresFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => TinyLimit.Settings;
}
