using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Offerwall.Postbacks;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Operations;

/// <summary>
/// Traces (Tracing:OtlpEndpoint set): the advertiser's postback, its ledger write and the partner postback a worker sends later are one
/// trace, and the spans reach the OTLP collector. The spans are watched in this process with a listener of its own (the test's), besides
/// the server's OTLP exporter.
/// </summary>
public abstract class TracingTests(AppFixture app, PostbackSink collector)
{
    [Fact]
    public async Task ThePostbackItsLedgerWriteAndThePartnerPostbackAreOneTraceExportedOverOtlp()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Offerwall" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var m = await Market.CreateAsync(app, postbackUrl: collector.Url + "/pb?tx={transaction_id}");
        var (status, body) = await m.PostbackAsync(await m.StartAsync("traced"), m.Install);
        Assert.Equal(HttpStatusCode.OK, status);
        var transactionId = (long)body["transaction_id"]!;
        var delivery = await app.WithDb(db => db.PostbackDeliveries.AsNoTracking().SingleAsync(d => d.ConversionId == transactionId));
        Assert.NotNull(delivery.TraceParent);
        Assert.True(await app.App.Services.GetRequiredService<PostbackWorker>().RunOnceAsync(CancellationToken.None) >= 1);

        // The trace the row kept (the other test servers of this process trace too: only this trace's spans are looked at).
        var traceId = ActivityTraceId.CreateFromString(delivery.TraceParent.AsSpan(3, 32));
        var inTrace = stopped.Where(a => a.TraceId == traceId).Distinct().ToList();
        var record = Assert.Single(inTrace, a => a.OperationName == "conversion.record");
        Assert.Equal(transactionId, record.GetTagItem("offerwall.transaction_id"));
        var send = Assert.Single(inTrace, a => a.OperationName == "postback.deliver");
        Assert.Equal(delivery.Id, send.GetTagItem("offerwall.delivery_id"));
        // The request's own span stops once its answer is written, which may be just after the client has read it.
        await PostbackSink.WaitUntilAsync(() => Task.FromResult(stopped.Any(a => a.Id == record.ParentId)), "the postback request's span", seconds: 10);
        var request = stopped.First(a => a.Id == record.ParentId);
        Assert.Equal(ActivityKind.Server, request.Kind);
        Assert.Equal(record.TraceId, send.TraceId);
        Assert.Equal(request.TraceId, send.TraceId);
        Assert.Equal(ActivityKind.Client, send.Kind);
        Assert.Equal(200, send.GetTagItem("http.response.status_code"));
        // The partner's request carried the trace on (W3C traceparent), as HttpClient's instrumentation does.
        Assert.Contains(collector.Requests, r => r.Url.Contains("/pb?tx=" + transactionId, StringComparison.Ordinal)
            && r.Headers.TryGetValue("traceparent", out var parent) && parent.Contains(send.TraceId.ToHexString(), StringComparison.Ordinal));

        // The batch exporter sends the spans to the collector within a few seconds, as OTLP over HTTP (protobuf).
        await PostbackSink.WaitUntilAsync(() => Task.FromResult(collector.Requests.Any(r => r.Url.EndsWith("/v1/traces", StringComparison.Ordinal)
            && r.Body.Contains("postback.deliver", StringComparison.Ordinal))), "the spans at the OTLP collector", seconds: 30);
        var export = collector.Requests.First(r => r.Url.EndsWith("/v1/traces", StringComparison.Ordinal));
        Assert.Equal("application/x-protobuf", export.Headers["content-type"]);
    }
}
