using Microsoft.AspNetCore.Builder;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

/// <summary>
/// The VPN list on, no trusted proxy and no public base URL: what an operator gets by default. The test
/// sets each request's peer address (ClientAddressStartupFilter) and reads every log line.
/// </summary>
public sealed class NoProxyServer : IDisposable
{
    private readonly VpnLists _lists = new();
    public LogRecorder Logs { get; } = new();
    public IEnumerable<KeyValuePair<string, string?>> Settings => [new("Vpn:ListFiles:0", _lists.Main)];

    public void Configure(WebApplicationBuilder builder)
    {
        ClientAddressStartupFilter.Install(builder);
        Logs.Install(builder);
    }

    public void Dispose() => _lists.Delete();
}
