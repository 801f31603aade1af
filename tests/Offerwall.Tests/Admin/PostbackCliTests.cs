using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Offerwall.Postbacks;
using Offerwall.Tests.Infrastructure;
using Spectre.Console;
using Offerwall.Data;

namespace Offerwall.Tests.Admin;

/// <summary>
/// `offerwall postbacks …` and `offerwall partners set-postback`, run in-process against the fixture
/// server's database; the fixture server's worker sends the deliveries to a Kestrel sink on 127.0.0.1.
/// </summary>
public abstract class PostbackCliTests(AppFixture app, string connectionString) : IAsyncLifetime
{
    /// <summary>The sink is on 127.0.0.1: the command line refuses it (SSRF guard) unless told otherwise, as the server does.</summary>
    private const string AllowPrivate = "--Postbacks:AllowPrivateNetworks=true";

    /// <summary>Days around the fake clock, which is not the real one the command line's defaults use.</summary>
    private static readonly string[] AllDays = ["--from-date", "2026-01-01", "--to-date", "2027-12-31"];

    private PostbackSink _sink = null!;

    public async ValueTask InitializeAsync() => _sink = await PostbackSink.StartAsync();
    public async ValueTask DisposeAsync() { await _sink.DisposeAsync(); GC.SuppressFinalize(this); }

    private Task<CliRun> CliAsync(params string[] args) => CliRunner.RunAsync(app, connectionString, args);

    private Task<CliRun> Succeeds(params string[] args) => CliRunner.SucceedsAsync(app, connectionString, args);

    private static async Task<CliRun> Exits(int code, Task<CliRun> running, string message)
    {
        var run = await running;
        Assert.True(run.Exit == code && run.Output.Contains(message, StringComparison.Ordinal),
            $"Exited {run.Exit}, expected {code} and '{message}':\n{run.Output}");
        Assert.DoesNotContain("   at ", run.Output);
        Assert.DoesNotContain("Exception", run.Output);
        return run;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private string SinkUrl => _sink.Url + "/pb?tx={transaction_id}&status={status}";

    private Task<List<PostbackDelivery>> DeliveriesAsync(long partnerId) =>
        app.WithDb(db => db.PostbackDeliveries.AsNoTracking().Where(d => d.PartnerId == partnerId).OrderBy(d => d.Id).ToListAsync());

    private Task<string?> PostbackUrlAsync(long partnerId) => app.WithDb(db => db.Partners.Where(p => p.Id == partnerId).Select(p => p.PostbackUrl).SingleAsync());

    /// <summary>
    /// A replay from the command line is due at the real time (the command line runs on the real
    /// clock); the server's clock is fake. Moves the fake clock up to the real one should it be behind.
    /// </summary>
    private void CatchUpWithTheRealClock()
    {
        var behind = TimeProvider.System.GetUtcNow() - app.Clock.GetUtcNow();
        if (behind > TimeSpan.Zero) app.Clock.Advance(behind + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task SetPostbackSendsConversionsThereAndListShowAndReplayWorkOnTheDelivery()
    {
        var m = await Market.CreateAsync(app);
        var partner = Id(m.PartnerId);

        await Exits(2, CliAsync("partners", "set-postback", "--id", partner, "--url", SinkUrl), "Postback URL must not point at this machine.");
        Assert.Null(await PostbackUrlAsync(m.PartnerId));
        var set = await Succeeds("partners", "set-postback", "--id", partner, "--url", SinkUrl, AllowPrivate);
        Assert.Equal(SinkUrl, set.Value("Postback URL"));
        Assert.Equal("get", set.Value("Format"));
        Assert.Equal(SinkUrl, await PostbackUrlAsync(m.PartnerId));

        var conversion = (long)(await m.PostbackAsync(await m.StartAsync("cli-user"), m.Install)).Body["transaction_id"]!;
        await PostbackSink.WaitUntilAsync(async () => (await DeliveriesAsync(m.PartnerId)) is [{ Status: DeliveryStatus.Delivered }], "the delivery");
        var received = Assert.Single(_sink.Requests);
        Assert.Equal((Id(conversion), "approved"), (received.Query["tx"], received.Query["status"]));
        var delivery = (await DeliveriesAsync(m.PartnerId))[0].Id;

        var list = await Succeeds(["postbacks", "list", "--partner-id", partner, .. AllDays]);
        Assert.Matches($@"\b{delivery}\b.*\b{m.PartnerId}\b.*\b{conversion}\b.*\bapproved\b.*\bdelivered\b", list.Row(delivery));
        Assert.Contains("1 of 1 deliveries", list.Output);
        var filtered = await Succeeds(["postbacks", "list", "--status", "delivered", "--transaction-id", Id(conversion), .. AllDays]);
        Assert.Contains("1 of 1 deliveries", filtered.Output);
        Assert.Contains("No deliveries match.", (await Succeeds(["postbacks", "list", "--partner-id", partner, "--status", "dead", .. AllDays])).Output);

        var show = await Succeeds("postbacks", "show", "--id", Id(delivery));
        Assert.Equal((Id(delivery), Id(conversion), "delivered", "1"), (show.Value("Delivery id"), show.Value("Transaction id"), show.Value("Status"), show.Value("Attempts")));
        Assert.Matches(@"\b1\b.*\b200\b.*\b\d+\b.*\bok\b", show.Row(1));

        var replay = await Succeeds("postbacks", "replay", "--id", Id(delivery));
        Assert.Contains($"Delivery {delivery} is queued again", replay.Output);
        CatchUpWithTheRealClock();
        await PostbackSink.NudgeUntilAsync(app.Clock, async () => (await DeliveriesAsync(m.PartnerId)) is [{ Status: DeliveryStatus.Delivered, Attempts: 2 }],
            "the replay");
        Assert.Equal(2, _sink.Requests.Count);
        Assert.Equal(2, (await Succeeds("postbacks", "show", "--id", Id(delivery))).Rows(@"\b200\b.*\bok\b"));
    }

    [Fact]
    public async Task DeadDeliveryIsListedAndReplayDeadSendsItAgain()
    {
        var m = await Market.CreateAsync(app, postbackUrl: SinkUrl);
        _sink.Respond = _ => Task.FromResult(500);
        await m.PostbackAsync(await m.StartAsync("u"), m.Install);
        var ladder = PostbackOptions.DefaultLadder;
        await PostbackSink.FailThroughTheLadderAsync(app.Clock, async () => (await DeliveriesAsync(m.PartnerId))[0].Attempts);
        var dead = Assert.Single(await DeliveriesAsync(m.PartnerId));
        Assert.Equal(DeliveryStatus.Dead, dead.Status);

        var list = await Succeeds(["postbacks", "list", "--partner-id", Id(m.PartnerId), "--status", "dead", .. AllDays]);
        Assert.Matches($@"\b{dead.Id}\b.*\bdead\b.*\b{ladder.Length + 1}\b", list.Row(dead.Id));
        var show = await Succeeds("postbacks", "show", "--id", Id(dead.Id));
        Assert.Equal("dead", show.Value("Status"));
        Assert.Equal(ladder.Length + 1, show.Rows(@"\b500\b.*\bnot now\b"));

        _sink.Respond = _ => Task.FromResult(200);
        var replayed = await Succeeds(["postbacks", "replay-dead", "--partner-id", Id(m.PartnerId), .. AllDays]);
        Assert.Equal("1", replayed.Value("Replayed"));
        CatchUpWithTheRealClock();
        await PostbackSink.NudgeUntilAsync(app.Clock, async () => (await DeliveriesAsync(m.PartnerId))[0].Status == DeliveryStatus.Delivered, "the replay");
        Assert.Equal(ladder.Length + 2, (await DeliveriesAsync(m.PartnerId))[0].Attempts);
        Assert.Equal(ladder.Length + 2, _sink.Requests.Count);

        Assert.Equal("0", (await Succeeds(["postbacks", "replay-dead", "--partner-id", Id(m.PartnerId), .. AllDays])).Value("Replayed"));
    }

    [Fact]
    public async Task TestSendsASamplePostbackNowAndPrintsTheAnswer()
    {
        var m = await Market.CreateAsync(app, postbackUrl: SinkUrl);
        _sink.Respond = _ => Task.FromResult(204);
        var ok = await Succeeds("postbacks", "test", "--partner-id", Id(m.PartnerId), AllowPrivate);
        Assert.Equal(("yes", "204", "(empty)"), (ok.Value("Success"), ok.Value("Status code"), ok.Value("Answer")));
        Assert.Matches(@"^\d+ ms$", ok.Value("Latency"));
        Assert.Contains($"Partner {m.PartnerId} answered the test postback with 204.", ok.Output);
        var received = Assert.Single(_sink.Requests);
        Assert.Equal(("0", "test"), (received.Query["tx"], received.Query["status"]));
        Assert.Empty(await DeliveriesAsync(m.PartnerId));                      // sent, not stored

        _sink.Respond = _ => Task.FromResult(500);
        var failed = await Exits(1, CliAsync("postbacks", "test", "--partner-id", Id(m.PartnerId), AllowPrivate), "The test postback");
        Assert.Equal(("no", "500", "not now"), (failed.Value("Success"), failed.Value("Status code"), failed.Value("Answer")));
        Assert.Equal(2, _sink.Requests.Count);

        // Without the setting the command line's own sender refuses 127.0.0.1, as the server would.
        var refused = await Exits(1, CliAsync("postbacks", "test", "--partner-id", Id(m.PartnerId)), "The test postback");
        Assert.Equal(("no", "none"), (refused.Value("Success"), refused.Value("Status code")));
        Assert.Contains("Refused", refused.Value("Answer"));
        Assert.Equal(2, _sink.Requests.Count);

        var silent = await Market.CreateAsync(app);
        await Exits(1, CliAsync("postbacks", "test", "--partner-id", Id(silent.PartnerId), AllowPrivate), $"Partner {silent.PartnerId} has no postback URL");
    }

    [Fact]
    public async Task UnknownIdsExitOne()
    {
        await Exits(1, CliAsync("postbacks", "replay", "--id", "999999999"), "No delivery has id 999999999.");
        await Exits(1, CliAsync("postbacks", "show", "--id", "999999999"), "No delivery has id 999999999.");
        await Exits(1, CliAsync("postbacks", "test", "--partner-id", "999999999"), "No partner has id 999999999.");
        await Exits(1, CliAsync("partners", "set-postback", "--id", "999999999", "--url", "https://partner.example/pb"), "No partner has id 999999999.");
    }

    [Fact]
    public async Task BadInputPrintsAClearMessageExitsTwoAndChangesNothing()
    {
        var m = await Market.CreateAsync(app, postbackUrl: "https://partner.example/pb?tx={transaction_id}");
        var partner = Id(m.PartnerId);
        (string[] Args, string Message)[] cases =
        [
            (["postbacks", "list", "--status", "lost"], "--status must be pending, delivered or dead, not 'lost'."),
            (["postbacks", "list", "--limit", "0"], "--limit must be a whole number from 1 to 1000"),
            (["postbacks", "list", "--transaction-id", "x"], "--transaction-id must be a whole number, not 'x'."),
            (["postbacks", "list", "--from-date", "2026-13-01"], "--from-date must be a day written YYYY-MM-DD"),
            (["postbacks", "list", "--from-date", "2026-11-20", "--to-date", "2026-11-19"], "--from-date must not be after --to-date."),
            (["postbacks", "show"], "Option '--id' is required."),
            (["postbacks", "show", "--id", "seven"], "--id must be a whole number, not 'seven'."),
            (["postbacks", "replay", "--id", "1.5"], "--id must be a whole number, not '1.5'."),
            (["postbacks", "replay-dead", "--to-date", "yesterday"], "--to-date must be a day written YYYY-MM-DD"),
            (["postbacks", "replay-dead", "--from-date", "2026-11-20", "--to-date", "2026-11-19"], "--from-date must not be after --to-date."),
            (["postbacks", "test"], "Option '--partner-id' is required."),
            (["partners", "set-postback", "--id", partner, "--url", "https://partner.example/new", "--format", "xml"], "postback_format"),
            (["partners", "set-postback", "--id", partner, "--url", "ftp://partner.example/pb"], "Postback URL must be an absolute http(s) URL."),
            (["partners", "set-postback", "--id", partner, "--url", "http://10.0.0.1/pb"], "Postback URL must not point at a private"),
            (["partners", "set-postback", "--id", partner, "--Postbacks:Timeout=soon"], "The configuration is not valid"),
        ];
        foreach (var (args, message) in cases)
            await Exits(2, CliAsync(args), message);
        Assert.Equal("https://partner.example/pb?tx={transaction_id}", await PostbackUrlAsync(m.PartnerId));
    }
}
