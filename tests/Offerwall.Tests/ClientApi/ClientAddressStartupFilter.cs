using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

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
