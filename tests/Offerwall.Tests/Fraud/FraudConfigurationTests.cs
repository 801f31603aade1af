using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Offerwall.Hosting;

namespace Offerwall.Tests.Fraud;

/// <summary>
/// A wrong section "Fraud" stops the server at start-up (docs/fraud.md): an unknown rule, an unknown outcome, a rule with a figure but
/// no limit or a limit out of range, a refresh that is not positive. The check is the configuration's, before any database work the
/// rules do, so it runs on SQLite only.
/// </summary>
public sealed class FraudConfigurationTests
{
    [Theory]
    [InlineData("Fraud:Rules:no_such_rule:Outcome", "flag")]
    [InlineData("Fraud:Rules:min_seconds_to_convert:Outcome", "maybe")]
    [InlineData("Fraud:Rules:min_seconds_to_convert:Outcome", "hold")]   // a rule with a figure, and no limit
    [InlineData("Fraud:Rules:user_conversions_per_hour:Limit", "-1", "Fraud:Rules:user_conversions_per_hour:Outcome", "reject")]
    [InlineData("Fraud:Refresh", "00:00:00")]
    public async Task AWrongFraudSectionStopsTheServerAtStartUp(string key, string value, string? key2 = null, string? value2 = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"offerwall-test-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={path}", ["Demo:Enabled"] = "false", ["Admin:Token"] = Infrastructure.AppFixture.AdminToken,
            [key] = value,
        };
        if (key2 is not null) settings[key2] = value2;
        await using (var server = OfferwallApp.Build([], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(settings);
        }))
        {
            var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => server.StartAsync());
            Assert.Contains("Fraud:", refused.Message, StringComparison.Ordinal);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
    }
}
