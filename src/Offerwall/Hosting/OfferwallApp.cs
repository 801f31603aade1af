using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Offerwall.Data;
using Offerwall.Demo;
using Offerwall.Admin;
using Offerwall.Fraud;
using Offerwall.Web;
using Offerwall.Conversions;
using Offerwall.ClientApi;
using Offerwall.Partners;
using Offerwall.Postbacks;
using Offerwall.Pages;
using Offerwall.PartnerApi;

namespace Offerwall.Hosting;

/// <summary>The server: every capability's services, then every capability's routes.</summary>
public static class OfferwallApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        // Settings files sit beside the program, wherever it is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        customize?.Invoke(builder);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
            builder.WebHost.UseUrls(DefaultUrl);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Offers.Promotions>();
        builder.Services.AddSingleton<Conversions.GroupCommit>();
        builder.Services.AddSingleton<PartnerApi.LedgerCounts>();
        builder.Services.AddOfferwallDatabase(builder.Configuration);
        builder.Services.Configure<PublicUrlOptions>(builder.Configuration.GetSection("Offerwall"));
        builder.Services.Configure<DemoOptions>(builder.Configuration.GetSection("Demo"));
        builder.Services.Configure<ApprovalOptions>(builder.Configuration.GetSection("Approval"));
        builder.Services.AddAdminAuth(builder.Configuration);
        builder.Services.AddHostedService<ApprovalWorker>();
        builder.Services.AddClientApi(builder.Configuration);
        builder.Services.AddPartnerApi(builder.Configuration);
        builder.Services.AddAdvertiserPostbacks(builder.Configuration);
        builder.Services.AddMmpPostbacks(builder.Configuration);
        builder.Services.AddPostbacks(builder.Configuration);
        builder.Services.AddFraudRules(builder.Configuration);
        builder.Services.AddOfferwallHealth(builder.Configuration);
        builder.AddWebPages();
        builder.AddTelemetry();
        builder.Services.Configure<ForwardedHeadersOptions>(o => TrustConfiguredProxies(o, builder.Configuration.GetSection("ForwardedHeaders")));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            // Responses are JSON, never HTML: keep "&" in URLs and "«" readable.
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        // Before the default writer: each API's paths get that API's own error shape.
        builder.Services.AddSingleton<IProblemDetailsWriter, ApiErrorWriter>();
        builder.Services.AddProblemDetails();
        // Admin request bodies (records implementing IValidatableObject) are checked before their handler runs: 400 validation problem.
        builder.Services.AddValidation();
        // /openapi/v1.json: every operation's parameters (Web/ParameterSchemaAttribute.cs), security (Web/SecuredBy.cs) and
        // answers; scripts/openapi-lint checks it with Spectral, tests/…/Web/OpenApiDocumentTests.cs against real answers.
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, context, _) =>
        {
            doc.Info.Title = "Offerwall";
            doc.Info.Description = "The Offerwall server's public APIs: the partner Conversion Data API (seed 000) with the partner's dashboard "
                                   + "and postback log, the client API for the partner's app (seed 004), the advertiser conversion postback, "
                                   + "and the operator's admin API. Each API has its own authentication and error shape.";
            // Where clients reach the server: Offerwall:PublicBaseUrl when set (behind a proxy), else the request's own origin.
            if (context.ApplicationServices.GetRequiredService<IOptions<PublicUrlOptions>>().Value.PublicBaseUrl is { Length: > 0 } publicUrl)
                doc.Servers = [new Microsoft.OpenApi.OpenApiServer { Url = publicUrl }];
            foreach (var server in doc.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
            return Task.CompletedTask;
        }).AddOperationTransformer(Web.SecuredBy.Apply)
          .AddOperationTransformer(Web.RateLimits.DescribeRetryAfter)
          .AddSchemaTransformer(Web.ParameterSchemaAttribute.Apply)
          .AddSchemaTransformer(Web.OmittedWhenNull.Apply));

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAdminToken();
        app.UseJsonCharsetGuard();

        app.MapOpenApi();
        // The reference reads /openapi/v1.json: with its security schemes and parameters it calls every API with a key and filters.
        app.MapScalarApiReference("/docs", o => o.WithTitle("Offerwall API").AddPreferredSecuritySchemes("partnerKey"));
        app.MapGet("/", () => TypedResults.Redirect("/docs")).ExcludeFromDescription();
        app.MapPartnerApi();
        app.MapPartnerOffersApi();
        app.MapClientApi();
        app.MapAdvertiserPostbacks();
        app.MapMmpPostbacks();
        app.MapAdminApi();
        app.MapPartnerPostbacks();
        app.MapAdminPostbacks();
        app.MapPostbackQueue();
        app.MapOfferGoals();
        app.MapFraudAdmin();
        app.MapRiskReport();
        app.MapReportsAdmin();
        app.MapPartnerDashboardApi();
        app.MapPartnerReportsApi();
        app.MapWebPages();
        app.MapMetrics();
        app.MapOfferwallHealth();
        return app;
    }

    /// <summary>
    /// X-Forwarded-For/-Proto are believed only from the proxies an operator lists
    /// (ForwardedHeaders:KnownProxies, IPs; ForwardedHeaders:KnownNetworks, CIDRs). With none listed the
    /// headers are not read at all: ASP.NET Core's middleware checks the sender only when one of those
    /// lists has an entry, so empty lists would mean "believe everyone" (docs/security.md).
    /// </summary>
    private static void TrustConfiguredProxies(ForwardedHeadersOptions options, IConfigurationSection section)
    {
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var ip in section.GetSection("KnownProxies").Get<string[]>() ?? [])
            options.KnownProxies.Add(System.Net.IPAddress.Parse(ip));
        foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        options.ForwardedHeaders = options.KnownProxies.Count + options.KnownIPNetworks.Count == 0
            ? Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.None
            : Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
    }

    /// <summary>The banner's line about geo targeting: which country database answers, or that it is off.</summary>
    public static string? DescribeGeo(IServiceProvider services)
    {
        var countries = services.GetRequiredService<CountryLookup>();
        if (!countries.Enabled) return null;
        var configured = services.GetRequiredService<IOptions<GeoOptions>>().Value.CountryDatabase;
        return string.IsNullOrWhiteSpace(configured)
            ? $"on, with the demo's generated {DemoCountryDatabase.FileName} (this machine is in the US, 192.0.2.x in Germany)"
            : $"on ({configured})";
    }

    /// <summary>Migrates the database and, when demo data is on and the database is empty, fills it.</summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken ct = default)
    {
        await Database.MigrateAsync(app.Services, ct);
        var demo = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OfferwallDb>();
        if (demo.Enabled && !await db.Partners.AnyAsync(ct))
        {
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Offerwall.Demo");
            log.LogInformation("Empty database: generating demo data ({Rows} ledger rows)", demo.Rows);
            var started = TimeProvider.System.GetTimestamp();
            await new DemoData(db, scope.ServiceProvider.GetRequiredService<TimeProvider>()).GenerateAsync(demo.Rows, ct: ct);
            log.LogInformation("Demo data ready in {Elapsed}", TimeProvider.System.GetElapsedTime(started));
        }
        await app.Services.GetRequiredService<AdminToken>().DecideAsync(db, demo.Enabled, ct);
        // The demo's own country database, when none is configured and the database holds demo data alone (never real users').
        var countries = app.Services.GetRequiredService<CountryLookup>();
        if (demo.Enabled && countries.Unconfigured && await db.Partners.AnyAsync(ct) && !await db.Partners.AnyAsync(p => !p.IsDemo, ct))
            countries.UseFallback(DemoCountryDatabase.Write(Directory.GetCurrentDirectory()));
    }
}
