using System.Globalization;
using System.Security;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;

namespace Offerwall.Pages;

/// <summary>
/// GET /wall/icons/{offerId}.svg: a square icon made from the offer's name (its initials on a
/// colour taken from the offer id), so the wall shows an icon for every offer without asking a
/// third party for one (the wall uses an offer's own icon only when this server serves it).
/// </summary>
public static class OfferIcons
{
    public static async Task<IResult> GetAsync(string offerId, HttpContext http, OfferwallDb db, CancellationToken ct)
    {
        if (offerId.Length is 0 or > Offer.MaxPublicIdLength) return Results.NotFound();
        var name = await db.Offers.AsNoTracking().Where(o => o.PublicId == offerId).Select(o => o.Name).FirstOrDefaultAsync(ct);
        if (name is null) return Results.NotFound();
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = SecurityHeaders.ImagePolicy;
        headers.CacheControl = "public, max-age=86400";
        return Results.Text(Svg(offerId, name), "image/svg+xml; charset=utf-8");
    }

    private const string Font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

    /// <summary>The icon; pure, so the same offer always gets the same picture.</summary>
    public static string Svg(string offerId, string name)
    {
        var hue = (int)(Fnv1a(offerId) % 360);
        // Dark enough, even for yellow hues, that the white initials (large text) keep a contrast above 3:1.
        var from = Hsl(hue, 60, 32);
        var to = Hsl((hue + 40) % 360, 65, 24);
        var text = SecurityElement.Escape(Initials(name));
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="{SecurityElement.Escape(name)}">
            <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="{from}"/><stop offset="1" stop-color="{to}"/></linearGradient></defs>
            <rect width="96" height="96" rx="20" fill="url(#g)"/>
            <circle cx="78" cy="18" r="30" fill="#ffffff" fill-opacity="0.08"/>
            <text x="48" y="50" text-anchor="middle" dominant-baseline="central" font-family="{Font}" font-size="36" font-weight="700" fill="#ffffff">{text}</text>
            </svg>
            """;
    }

    /// <summary>Up to two letters or digits: the first of each of the first two words ("Club Vegas Slots 1" → "CV").</summary>
    public static string Initials(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.FirstOrDefault(char.IsLetterOrDigit)).Where(c => c != default).Take(2).ToArray();
        return words.Length == 0 ? "?" : new string(words).ToUpperInvariant();
    }

    private static string Hsl(int hue, int saturation, int lightness) =>
        string.Create(CultureInfo.InvariantCulture, $"hsl({hue}, {saturation}%, {lightness}%)");

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return hash;
    }
}
