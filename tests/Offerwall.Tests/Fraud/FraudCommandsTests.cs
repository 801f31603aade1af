using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Fraud;

/// <summary>
/// The command line's `fraud rules | set | unset` and `review list | approve | cancel`, run in-process on the server's database: what
/// they print and return, and that the server applies a setting made there (within Fraud:Refresh, as another node's). Bad input: exit 2.
/// </summary>
public abstract class FraudCommandsTests(AppFixture app, string connectionString)
{
    private Task<CliRun> RunAsync(params string[] args) => CliRunner.RunAsync(app, connectionString, args);

    private Task<CliRun> SucceedsAsync(params string[] args) => CliRunner.SucceedsAsync(app, connectionString, args);

    /// <summary>The server reads the settings the command line wrote once Fraud:Refresh has passed.</summary>
    private void PastRefresh() => app.Clock.Advance(TimeSpan.FromSeconds(6));

    [Fact]
    public async Task SettingListingAndUnsettingARuleFromTheCommandLine()
    {
        var rig = await Rig.CreateAsync(app);
        var offer = await rig.OfferAsync();
        var partner = $"{rig.PartnerId}";
        var set = await SucceedsAsync("fraud", "set", "--rule", "min_seconds_to_convert", "--outcome", "hold", "--limit", "60", "--partner-id", partner);
        Assert.Contains($"min_seconds_to_convert is now hold at 60 for partner {partner}.", set.Output);
        var offerSet = await SucceedsAsync("fraud", "set", "--rule", "country_change", "--outcome", "flag", "--offer-id", offer);
        Assert.Contains($"country_change is now flag for offer {offer}.", offerSet.Output);

        var rules = await SucceedsAsync("fraud", "rules");
        // An overrides cell lists one setting a line (the class's other tests may have set some for their own partners).
        Assert.Contains("configuration", rules.Row("min_seconds_to_convert"));
        Assert.Contains($"partner {partner}: hold 60", rules.Output);
        Assert.Contains($"offer {offer}: flag", rules.Output);
        Assert.Contains("off", rules.Row("device_offer_once"));

        PastRefresh();
        var held = await rig.UserConvertsAsync(offer, "cli-held");
        Assert.Equal("pending", held.Status);

        var unset = await SucceedsAsync("fraud", "unset", "--rule", "min_seconds_to_convert", "--partner-id", partner);
        Assert.Contains("Removed.", unset.Output);
        PastRefresh();
        Assert.Equal("approved", (await rig.UserConvertsAsync(offer, "cli-clean")).Status);
        var nothing = await RunAsync("fraud", "unset", "--rule", "min_seconds_to_convert", "--partner-id", partner);
        Assert.Equal(1, nothing.Exit);
        Assert.Contains("has no such setting", nothing.Output);
    }

    [Fact]
    public async Task ListingApprovingAndCancellingTheReviewQueueFromTheCommandLine()
    {
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("min_seconds_to_convert", "hold", 60);
        var offer = await rig.OfferAsync();
        var partner = $"{rig.PartnerId}";
        var held = new List<long>();
        for (var i = 0; i < 5; i++) held.Add((await rig.UserConvertsAsync(offer, $"cli-q-{i}")).Id);

        var list = await SucceedsAsync("review", "list", "--partner-id", partner);
        Assert.Contains("cli-q-0", list.Row(held[0]));
        Assert.Contains("held", list.Row(held[0]));
        Assert.Contains("min_seconds_to_convert", list.Row(held[0]));
        Assert.Equal(5, held.Count(id => list.Rows($@"^\W*{id}\s") == 1));

        var cancelled = await SucceedsAsync("review", "cancel", "--ids", $"{held[0]},{held[1]}", "--reason", "farm");
        Assert.Contains("2 cancelled, 0 not decided.", cancelled.Output);
        Assert.Equal((ConversionStatus.Cancelled, false), ((await rig.StateAsync(held[0])).Status, (await rig.StateAsync(held[0])).Paid));
        Assert.Equal("review: cancelled by the operator (farm)", (await rig.ReasonsAsync(held[1]))[^1]);

        var approved = await SucceedsAsync("review", "approve", "--all", "--state", "held", "--partner-id", partner);
        Assert.Contains("3 approved, 0 not decided.", approved.Output);
        foreach (var id in held.Skip(2)) Assert.True((await rig.StateAsync(id)).Paid);
        Assert.Equal((ConversionStatus.Cancelled, false), ((await rig.StateAsync(held[0])).Status, (await rig.StateAsync(held[0])).Paid));
        Assert.Contains("The review queue is empty.", (await SucceedsAsync("review", "list", "--partner-id", partner)).Output);
        Assert.Contains("Nothing to decide", (await SucceedsAsync("review", "approve", "--all", "--partner-id", partner)).Output);

        // Ids that are not in the queue any more: reported, exit 1.
        var again = await RunAsync("review", "cancel", "--ids", $"{held[2]}");
        Assert.Equal(1, again.Exit);
        Assert.Contains($"{held[2]}: not in the review queue", again.Output);
    }

    [Theory]
    [InlineData("fraud set --rule no_such_rule --outcome hold --limit 5", "No fraud rule is named no_such_rule")]
    [InlineData("fraud set --rule min_seconds_to_convert --outcome maybe --limit 5", "outcome")]
    [InlineData("fraud set --rule min_seconds_to_convert --outcome hold", "limit")]
    [InlineData("fraud set --rule min_seconds_to_convert --outcome hold --limit 5 --partner-id 987654321", "partner_id")]
    [InlineData("fraud unset --rule min_seconds_to_convert --offer-id no-such-offer", "No offer has id no-such-offer")]
    [InlineData("fraud unset --rule no_such_rule", "No fraud rule is named no_such_rule")]
    [InlineData("review list --state maybe", "--state must be held or flagged")]
    [InlineData("review list --rule no_such_rule", "No fraud rule is named no_such_rule")]
    [InlineData("review cancel --ids 1,x", "'x' is not one")]
    [InlineData("review approve", "Give either --ids or --all")]
    [InlineData("review approve --ids 1 --all", "Give either --ids or --all")]
    public async Task BadInputExitsWithTwoAndWritesNothing(string command, string message)
    {
        var before = await app.WithDb(db => db.FraudRuleSettings.CountAsync());
        var run = await RunAsync(command.Split(' '));
        Assert.True(run.Exit == 2, $"{command} exited {run.Exit}:\n{run.Output}");
        Assert.Contains(message, run.Output);
        Assert.Equal(before, await app.WithDb(db => db.FraudRuleSettings.CountAsync()));
    }
    [Fact]
    public async Task TheRiskReportFromTheCommandLineAsATableAndAsCsv()
    {
        var rig = await Rig.CreateAsync(app);
        var offer = await rig.OfferAsync();
        await rig.SetForOfferAsync(offer, "min_seconds_to_convert", "reject", 60);
        Assert.Equal("cancelled", (await rig.UserConvertsAsync(offer, "risky")).Status);
        // The command line runs on the real clock; the server on the fake one: the days are given.
        string[] days = ["--from-date", app.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "--to-date", app.UtcNow.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)];
        var table = await SucceedsAsync(["report", "risk", "--group-by", "offer", "--offer-id", offer, .. days]);
        Assert.Contains(offer, table.Row(offer));
        Assert.Contains($"{offer}: min_seconds_to_convert flagged 0, held 0, rejected 1", table.Output);
        var path = Path.Combine(Path.GetTempPath(), $"offerwall-risk-{Guid.NewGuid():N}.csv");
        try
        {
            await SucceedsAsync(["report", "risk", "--group-by", "user", "--partner-id", $"{rig.PartnerId}", "--csv", path, .. days]);
            var lines = await File.ReadAllLinesAsync(path);
            Assert.Equal(2, lines.Length);
            Assert.StartsWith($"{rig.PartnerId},,risky,1,0,0,0,1,,0,0,1,", lines[1]);
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Equal(2, (await RunAsync("report", "risk", "--group-by", "team")).Exit);
    }
}
