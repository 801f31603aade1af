using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Offerwall.Postbacks;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Hosting;

/// <summary>
/// /health/ready and the postback worker's heartbeat: a worker that stops going round its loop makes its node unready once it has not beaten
/// for a minute (three polls, and never less than a minute). The worker is stopped for good: a class and fixture of its own.
/// </summary>
public abstract class HeartbeatTests(AppFixture app)
{
    [Fact]
    public async Task ReadyAnswers503OnceThePostbackWorkerHasNotBeatenForAMinute()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/ready")).StatusCode);
        Assert.Contains("last heartbeat", HealthTests.Description(await HealthTests.DetailAsync(app.Client), "postback_worker"));

        // The loop stops (as one stuck in a claim would); the fake clock has not moved since its last beat.
        await app.App.Services.GetRequiredService<PostbackWorker>().StopAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/ready")).StatusCode);

        app.Clock.Advance(TimeSpan.FromSeconds(2));
        using var ready = await app.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        var detail = await HealthTests.DetailAsync(app.Client);
        Assert.Equal("Unhealthy", HealthTests.Status(detail, "postback_worker"));
        Assert.Contains("No heartbeat from the postback worker for 61 s", HealthTests.Description(detail, "postback_worker"));
        Assert.Equal("Healthy", HealthTests.Status(detail, "database"));
        // Live is the process alone.
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/live")).StatusCode);
    }
}
