using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

/// <summary>MMP intake from the command line: an MMP advertiser, its token's rotation, an offer's event map, currency rates.</summary>
public abstract class CliMmpTests(AppFixture app, string connectionString)
{
    [Fact]
    public async Task TheOperatorSetsUpAnMmpAdvertiserFromTheCommandLine()
    {
        var created = await CliRunner.SucceedsAsync(app, connectionString, ["advertisers", "create", "--name", "CLI MMP", "--intake-profile", "adjust", "--currency", "eur"]);
        var id = long.Parse(created.Value("Advertiser id"), System.Globalization.CultureInfo.InvariantCulture);
        var token = created.Value("Postback token");
        Assert.StartsWith("ow_mmp_", token, StringComparison.Ordinal);
        Assert.Contains($"/postbacks/mmp/{id}?token={token}&click_id={{click_id}}", created.Value("Postback template"), StringComparison.Ordinal);
        Assert.Equal("click_id={tx_id}", created.Value("Click URL parameter"));

        var rotated = await CliRunner.SucceedsAsync(app, connectionString, ["advertisers", "rotate-token", "--id", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--grace-hours", "2"]);
        Assert.NotEqual(token, rotated.Value("Token"));
        Assert.Equal("EUR", await app.WithDb(db => db.Advertisers.Where(a => a.Id == id).Select(a => a.Currency).SingleAsync()));

        var rates = await CliRunner.SucceedsAsync(app, connectionString, ["currency-rates", "set", "--code", "GBP", "--usd-per-unit", "1.27"]);
        Assert.Contains("GBP", rates.Output, StringComparison.Ordinal);
        var refused = await CliRunner.RunAsync(app, connectionString, ["currency-rates", "set", "--code", "POUND", "--usd-per-unit", "1.27"]);
        Assert.NotEqual(0, refused.Exit);

        var missing = await CliRunner.RunAsync(app, connectionString, ["offers", "mmp-events", "--id", "no-such-offer"]);
        Assert.NotEqual(0, missing.Exit);
    }
}
