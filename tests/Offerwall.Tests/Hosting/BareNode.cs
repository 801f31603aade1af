using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Offerwall.Data;
using Offerwall.Hosting;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Hosting;

/// <summary>
/// A server started on a database as it is, without the migration at start (<see cref="OfferwallApp.PrepareAsync"/>): a node that came up
/// beside a database it did not prepare (missing, not migrated, or another's). Its postback worker and approval job are off unless set.
/// </summary>
public sealed class BareNode : IAsyncDisposable
{
    public FakeTimeProvider Clock { get; } = new(AppFixture.Now);
    public WebApplication App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public static async Task<BareNode> StartAsync(DatabaseProvider provider, string connectionString, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var node = new BareNode();
        node.App = OfferwallApp.Build([], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider.ToString(),
                ["Database:ConnectionString"] = connectionString,
                ["Demo:Enabled"] = "false",
                ["Admin:Token"] = AppFixture.AdminToken,
                ["Postbacks:Enabled"] = "false",
                ["Approval:Enabled"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
                // Its checks fail on purpose.
                ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "None",
            }.Concat(settings ?? []));
            builder.Services.AddSingleton<TimeProvider>(node.Clock);
            SuiteLog.Install(builder);
        });
        await node.App.StartAsync();
        node.Client = node.App.GetTestClient();
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
