using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Pages;

/// <summary>What the wall shows about the app that embeds it.</summary>
public sealed record WallApp(string Name, string CurrencyName);

/// <summary>
/// The pages people look at, served by this server from wwwroot with no front-end build step:
/// the user's offerwall (/wall?token=&amp;uid=, on the client API) and the partner dashboard
/// (/dashboard, on the partner API) and the operator's console (/console, on the admin API). Plain HTML, CSS and JavaScript modules under /assets.
/// </summary>
public static class WebPages
{
    public const string AssetsPath = "/assets";

    /// <summary>
    /// Where wwwroot is. A published server has it beside the program (the content root). A built one
    /// (dotnet run, the tests) has only the build's static web assets manifest there, which points at
    /// the source folder; it is read in every environment, not only Development, and by this
    /// assembly's name, since the tests' entry assembly is another one.
    /// </summary>
    public static void AddWebPages(this WebApplicationBuilder builder)
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, typeof(WebPages).Assembly.GetName().Name + ".staticwebassets.runtime.json");
        if (Directory.Exists(Path.Combine(builder.Environment.ContentRootPath, "wwwroot")) || !File.Exists(manifest)) return;
        builder.Configuration[WebHostDefaults.StaticWebAssetsKey] = manifest;
        builder.WebHost.UseStaticWebAssets();
    }

    public static void MapWebPages(this WebApplication app)
    {
        app.UsePageSecurityHeaders();
        app.UseStaticFiles(new StaticFileOptions
        {
            // Assets keep their names across versions: the browser revalidates (ETag) instead of running yesterday's script.
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });

        app.MapGet("/wall", (HttpContext http, IWebHostEnvironment env) => Page(http, env, "pages/wall.html"))
            .WithTags("Pages").WithName("WallPage").WithSummary("The offerwall page: /wall?token=<app token>&uid=<user id>.")
            .WithDescription("An HTML page; its script reads token and uid from the address and calls the client API.")
            .Produces<string>(StatusCodes.Status200OK, "text/html");
        app.MapGet("/dashboard", (HttpContext http, IWebHostEnvironment env) => Page(http, env, "pages/dashboard.html"))
            .WithTags("Pages").WithName("DashboardPage").WithSummary("The partner dashboard page (sign in with the partner server key).")
            .WithDescription("An HTML page; its script calls the partner API with the key the partner signs in with.")
            .Produces<string>(StatusCodes.Status200OK, "text/html");
        app.MapGet("/console", (HttpContext http, IWebHostEnvironment env) => Page(http, env, "pages/console.html"))
            .WithTags("Pages").WithName("ConsolePage").WithSummary("The operator's console page (sign in with the admin token).")
            .WithDescription("An HTML page; its script calls the admin API with the token the operator signs in with (docs/console.md).")
            .Produces<string>(StatusCodes.Status200OK, "text/html");
        app.MapGet("/wall/app", WallAppAsync)
            .WithTags("Pages").WithName("GetWallApp").WithSummary("The app's name and currency, for the wall (header X-Api-Token).")
            .WithDescription("Public: the app token is in the wall's address.")
            .WithMetadata(new SecuredBy(ClientApi.ClientApi.AppToken))
            .Produces<ClientApi.ClientSuccess<WallApp>>().Produces<ClientApi.ClientError>(StatusCodes.Status401Unauthorized);
        app.MapGet("/wall/icons/{offerId}.svg", OfferIcons.GetAsync)
            .WithTags("Pages").WithName("GetOfferIcon").WithSummary("A generated icon for an offer, served by this server so the wall needs no third-party image.")
            .WithDescription("An SVG image: the offer's initials on a color of its own.")
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml").Produces(StatusCodes.Status404NotFound);
    }

    private static IResult Page(HttpContext http, IWebHostEnvironment env, string path)
    {
        var file = env.WebRootFileProvider.GetFileInfo(path);
        if (!file.Exists) return Results.NotFound();
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Stream(file.CreateReadStream(), "text/html; charset=utf-8", lastModified: file.LastModified);
    }

    /// <summary>The app token is public (it is in the wall's URL), and so are the app's name and currency.</summary>
    private static async Task<IResult> WallAppAsync(HttpContext http, OfferwallDb db, CancellationToken ct)
    {
        var token = http.Request.Headers["X-Api-Token"].ToString();
        var app = token.Length is > 0 and <= 100
            ? await db.Partners.AsNoTracking().Where(p => p.AppToken == token).Select(p => new WallApp(p.Name, p.CurrencyName)).FirstOrDefaultAsync(ct)
            : null;
        return app is null ? ClientApi.ClientApi.Error(401, "invalid api token") : ClientApi.ClientApi.Success(app);
    }
}
