using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Web;

/// <summary>A server with the guard on (the default), told that <see cref="RefusedAddresses.Own"/> is one of its own addresses.</summary>
public static class GuardedServer
{
    public static readonly KeyValuePair<string, string?>[] Settings = [new("Postbacks:Timeout", "00:00:02")];

    public static void Configure(WebApplicationBuilder builder, AppFixture app) => builder.Services.AddSingleton(RefusedAddresses.OwnList(app.Clock));
}
