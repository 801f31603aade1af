using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>
/// Country targeting over real HTTP from 127.0.0.1, with a country database written by MmdbWriter: behind a trusted proxy (the user's
/// address from X-Forwarded-For, IPv4 and IPv6), with no proxy trusted (X-Forwarded-For ignored), and without a database (only
/// untargeted offers, unless the operator trusts the app's ?country=). The list and the start follow one rule; the start's click keeps
/// the country and platform, which reach the tracking link and the partner's postback, and not the Data API.
/// </summary>
public abstract class GeoTargetingTests(AppFixture proxied, AppFixture direct, AppFixture noGeo)
{
    /// <summary>One offer of each kind of country targeting.</summary>
    private sealed record Catalog(string OnlyFr, string FrOrJp, string NotFr, string OnlyCa, string OnlyDe, string DeNotFr, string Everywhere)
    {
        public string[] All => [OnlyFr, FrOrJp, NotFr, OnlyCa, OnlyDe, DeNotFr, Everywhere];

        public string[] For(string? country) => [.. (country switch
        {
            "FR" => new[] { OnlyFr, FrOrJp, Everywhere },
            "JP" => [FrOrJp, NotFr, Everywhere],
            "BR" => [NotFr, Everywhere],
            "CA" => [NotFr, OnlyCa, Everywhere],
            "DE" => [NotFr, OnlyDe, DeNotFr, Everywhere],
            // An unknown country sees only offers that name no country at all, included or excluded.
            null => [Everywhere],
            _ => throw new ArgumentOutOfRangeException(nameof(country)),
        }).Order(StringComparer.Ordinal)];
    }

    private static async Task<Catalog> CatalogAsync(Desk desk) => new(
        OnlyFr: await desk.ImportAsync(new() { ["countries"] = new[] { "FR" } }),
        FrOrJp: await desk.ImportAsync(new() { ["countries"] = new[] { "fr", "JP" } }),   // codes in any case
        NotFr: await desk.ImportAsync(new() { ["excluded_countries"] = new[] { "FR" } }),
        OnlyCa: await desk.ImportAsync(new() { ["countries"] = new[] { "CA" } }),
        OnlyDe: await desk.ImportAsync(new() { ["countries"] = new[] { "DE" } }),
        DeNotFr: await desk.ImportAsync(new() { ["countries"] = new[] { "DE", "FR" }, ["excluded_countries"] = new[] { "fr" } }),
        Everywhere: await desk.ImportAsync());

    private static (string, string) From(string address) => ("X-Forwarded-For", address);

    private static string Query(Uri url, string key) => QueryHelpers.ParseQuery(url.Query)[key].ToString();

    [Fact]
    public async Task BehindATrustedProxyEachCountrySeesExactlyItsOffersFromIPv4AndIPv6()
    {
        var desk = await Desk.CreateAsync(proxied);
        var catalog = await CatalogAsync(desk);
        var cases = new (string? ForwardedFor, string? Country)[]
        {
            (GeoWorld.FranceV4, "FR"),
            (GeoWorld.FranceV6, "FR"),
            (GeoWorld.JapanV6, "JP"),
            (GeoWorld.BrazilV4, "BR"),
            (GeoWorld.CanadaRegisteredV4, "CA"),       // a record with only registered_country
            (null, GeoWorld.Loopback),                 // no header: the proxy's own request, from 127.0.0.1
            (GeoWorld.UnknownV4, null),
            (GeoWorld.UnknownV6, null),
            // The proxy appends the address it saw to what the client sent: only that last one is believed.
            ($"{GeoWorld.BrazilV4}, {GeoWorld.FranceV4}", "FR"),
        };
        foreach (var (forwardedFor, country) in cases)
        {
            (string, string)[] headers = forwardedFor is null ? [] : [From(forwardedFor)];
            var seen = await desk.OffersAsync("u-" + country, catalog.All, "", headers);
            Assert.True(catalog.For(country).SequenceEqual(seen), $"X-Forwarded-For {forwardedFor}: expected the offers of {country ?? "an unknown country"}");
            // The app's ?country= is not believed (Geo:TrustCountryParameter is off): the address decides.
            Assert.Equal(catalog.For(country), await desk.OffersAsync("u-" + country, catalog.All, "?country=BR", headers));
        }

        // The start follows the same rule, and the click keeps the country of the address.
        var (_, fromFrance) = await desk.StartedAsync(catalog.OnlyFr, "french", "", From(GeoWorld.FranceV4));
        Assert.Equal("FR", Query(fromFrance, "c"));
        var (_, fromJapan) = await desk.StartedAsync(catalog.FrOrJp, "japanese", "", From(GeoWorld.JapanV6));
        Assert.Equal("JP", Query(fromJapan, "c"));
        Assert.Equal("offer not available in your country", Desk.Refusal(await desk.StartAsync(catalog.OnlyFr, "japanese", "", From(GeoWorld.JapanV6))));
        var clicks = await proxied.WithDb(db => db.Clicks.Where(c => c.PartnerId == desk.PartnerId).OrderBy(c => c.Id).Select(c => new { c.Country, c.Ip }).ToListAsync());
        Assert.Equal(["FR", "JP"], clicks.Select(c => c.Country));
        Assert.Equal([GeoWorld.FranceV4, GeoWorld.JapanV6], clicks.Select(c => c.Ip));
    }

    [Fact]
    public async Task WithoutATrustedProxyForwardedForAndTheAppsCountryAreIgnored()
    {
        var desk = await Desk.CreateAsync(direct);
        var catalog = await CatalogAsync(desk);
        foreach (var (query, forwardedFor) in new[] { ("", (string?)null), ("", GeoWorld.FranceV4), ("", GeoWorld.JapanV6), ("?country=FR", null),
                     ("?country=fr", GeoWorld.FranceV4) })
        {
            (string, string)[] headers = forwardedFor is null ? [] : [From(forwardedFor)];
            // Whatever the client claims, its connection comes from 127.0.0.1.
            var seen = await desk.OffersAsync("u", catalog.All, query, headers);
            Assert.True(catalog.For(GeoWorld.Loopback).SequenceEqual(seen), $"{query} {forwardedFor}");
        }
        var before = await desk.FootprintAsync();
        var refused = await desk.StartAsync(catalog.OnlyFr, "claims-france", "?country=FR", From(GeoWorld.FranceV4));
        Assert.Equal("offer not available in your country", Desk.Refusal(refused));
        Assert.Equal(before, await desk.FootprintAsync());
        var (_, link) = await desk.StartedAsync(catalog.OnlyDe, "claims-france", "?country=FR", From(GeoWorld.FranceV4));
        Assert.Equal(GeoWorld.Loopback, Query(link, "c"));
    }

    [Fact]
    public async Task WithoutADatabaseCountryTargetedOffersAreHiddenUnlessTheOperatorTrustsTheAppsCountry()
    {
        var desk = await Desk.CreateAsync(noGeo);
        var catalog = await CatalogAsync(desk);
        Assert.Equal(catalog.For(null), await desk.OffersAsync("u", catalog.All));
        Assert.Equal(catalog.For(null), await desk.OffersAsync("u", catalog.All, "", From(GeoWorld.FranceV4)));
        // This server's operator set Geo:TrustCountryParameter: the app's word is the country, in any case.
        Assert.Equal(catalog.For("FR"), await desk.OffersAsync("u", catalog.All, "?country=fr"));
        Assert.Equal(catalog.For("CA"), await desk.OffersAsync("u", catalog.All, "?country=CA"));

        var before = await desk.FootprintAsync();
        Assert.Equal("offer not available in your country", Desk.Refusal(await desk.StartAsync(catalog.OnlyFr, "nowhere")));
        Assert.Equal("offer not available in your country", Desk.Refusal(await desk.StartAsync(catalog.NotFr, "nowhere")));
        Assert.Equal(before, await desk.FootprintAsync());
        var (_, unknown) = await desk.StartedAsync(catalog.Everywhere, "nowhere");
        Assert.Equal("", Query(unknown, "c"));   // {country} of an unknown country is empty
        var (_, vouched) = await desk.StartedAsync(catalog.OnlyFr, "vouched", "?country=fr");
        Assert.Equal("FR", Query(vouched, "c"));
    }

    [Fact]
    public async Task AStartOutsideTheOffersCountriesIsRefusedAndWritesNothing()
    {
        var desk = await Desk.CreateAsync(proxied);
        var catalog = await CatalogAsync(desk);
        var cases = new (string Offer, string ForwardedFor)[]
        {
            (catalog.OnlyFr, GeoWorld.JapanV6),
            (catalog.OnlyFr, GeoWorld.UnknownV4),
            (catalog.NotFr, GeoWorld.FranceV4),
            (catalog.NotFr, GeoWorld.UnknownV6),          // excluded countries shut out unknown ones too
            (catalog.DeNotFr, GeoWorld.FranceV6),         // excluded wins over included
            (catalog.OnlyCa, GeoWorld.BrazilV4),
        };
        for (var i = 0; i < cases.Length; i++)
        {
            var before = await desk.FootprintAsync();
            var answer = await desk.StartAsync(cases[i].Offer, $"new-user-{i}", "", From(cases[i].ForwardedFor));
            Assert.Equal("offer not available in your country", Desk.Refusal(answer));
            Assert.Equal(before, await desk.FootprintAsync());   // no user, no click
        }
        // The same users where the offers do run: each start writes its click.
        await desk.StartedAsync(catalog.OnlyFr, "new-user-0", "", From(GeoWorld.FranceV6));
        await desk.StartedAsync(catalog.OnlyCa, "new-user-5", "", From(GeoWorld.CanadaRegisteredV4));
        Assert.Equal((2, 2), await desk.FootprintAsync());
        // A user who started continues wherever they are now.
        await desk.StartedAsync(catalog.OnlyFr, "new-user-0", "", From(GeoWorld.BrazilV4));
    }

    [Fact]
    public async Task CountryAndPlatformReachTheTrackingLinkAndThePartnersPostbackButNotTheDataApi()
    {
        await using var sink = await PostbackSink.StartAsync();
        var desk = await Desk.CreateAsync(direct, sink.Url + "/pb?tx={transaction_id}&c={country}&pf={platform}&st={status}");
        var offer = await desk.ImportAsync(new() { ["countries"] = new[] { GeoWorld.Loopback } });

        var (phoneTx, phoneLink) = await desk.StartedAsync(offer, "phone-user", "", ("User-Agent", Desk.IPhone17));
        Assert.Equal([GeoWorld.Loopback, "ios"], new[] { Query(phoneLink, "c"), Query(phoneLink, "pf") });
        Assert.Equal("phone-user", Query(phoneLink, "u"));
        var (desktopTx, desktopLink) = await desk.StartedAsync(offer, "desktop-user");
        Assert.Equal("web", Query(desktopLink, "pf"));
        // The app's platform wins over the user agent's.
        var (_, hinted) = await desk.StartedAsync(offer, "hinted-user", "?platform=android");
        Assert.Equal("android", Query(hinted, "pf"));
        // Details show the click's link again, as rendered at the start.
        var details = await Shop.SendAsync(direct, HttpMethod.Get, $"/v1/client/user/history/offers/{offer}", desk.AppToken, "phone-user", ("User-Agent", Desk.Android14));
        Assert.Equal(phoneLink.AbsoluteUri, new Uri((string)details.Data["continue_url"]!).AbsoluteUri);

        var phone = await desk.ConvertAsync(phoneTx, Desk.Goal(offer));
        var desktop = await desk.ConvertAsync(desktopTx, Desk.Goal(offer));
        await PostbackSink.WaitUntilAsync(() => Task.FromResult(sink.Requests.Count >= 2), "two partner postbacks");
        var received = sink.Requests.Select(r => r.Query).OrderBy(q => q["tx"], StringComparer.Ordinal).ToList();
        Assert.Equal([phone.Id.ToString(), desktop.Id.ToString()], received.Select(q => q["tx"]).Order(StringComparer.Ordinal));
        var byTx = received.ToDictionary(q => long.Parse(q["tx"]));
        Assert.Equal((GeoWorld.Loopback, "ios", "approved"), (byTx[phone.Id]["c"], byTx[phone.Id]["pf"], byTx[phone.Id]["st"]));
        Assert.Equal((GeoWorld.Loopback, "web", "approved"), (byTx[desktop.Id]["c"], byTx[desktop.Id]["pf"], byTx[desktop.Id]["st"]));

        // The Data API's rows stay exactly the seed's.
        var rows = await desk.LedgerAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.Equal(
            ["user_id", "transaction_id", "reward", "payout", "offer_id", "offer_name", "note", "date_time", "reward_local_currency", "goal_id"],
            SeedKeys.Of(row)));
    }
}
