using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

/// <summary>The shipped defaults: demo data on, no admin token configured (a small demo, for speed).</summary>
public static class DemoDefaults
{
    public static void Apply(WebApplicationBuilder builder, LogRecorder logs)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Demo:Enabled"] = "true", ["Demo:Rows"] = "300", ["Admin:Token"] = "" });
        logs.Install(builder);
    }
}
