using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Offerwall.Postbacks;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

/// <summary>
/// The fuzzing server: no rate limit in the way, no background workers (so the only writes are the
/// requests' own), postbacks "sent" to an in-memory handler (nothing leaves the process, whatever
/// URL a fuzzed admin call sets), and every log line recorded.
/// </summary>
public static class FuzzServer
{
    public static readonly KeyValuePair<string, string?>[] Settings =
    [
        .. Web.TestLimits.Lifted,
        new("Admin:FailureLimit", "1000000"),
        new("Postbacks:Enabled", "false"),
        new("Approval:Enabled", "false"),
    ];

    public static void Configure(WebApplicationBuilder builder, LogRecorder logs)
    {
        logs.Install(builder);
        builder.Services.AddHttpClient(PostbackSender.ClientName).ConfigurePrimaryHttpMessageHandler(() => new OfflineHandler());
    }

    /// <summary>A partner's server that is always up and never on the network.</summary>
    private sealed class OfflineHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok") });
    }
}
