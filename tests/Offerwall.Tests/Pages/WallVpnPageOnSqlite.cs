using Microsoft.Playwright;
using Offerwall.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Offerwall.Tests.Pages;

public sealed class WallVpnPageOnSqlite(SqliteVpnPageFixture app, Chromium chromium) : IClassFixture<SqliteVpnPageFixture>, IClassFixture<Chromium>
{
    [Fact]
    public async Task AVpnAddressIsToldToTurnItOff()
    {
        var m = await Market.CreateAsync(app);
        await using var window = await chromium.OpenAsync(app, 360, 640);
        await window.Page.GotoAsync($"/wall?token={Uri.EscapeDataString(m.AppToken)}&uid=traveller");
        var alert = window.Page.Locator("#wall-error");
        await Expect(alert).ToHaveAttributeAsync("data-status", "406");
        await Expect(alert).ToContainTextAsync("VPN detected, turn it off to continue");
        await Expect(window.Page.GetByRole(AriaRole.Button, new() { Name = "Try again" })).ToBeVisibleAsync();
        await window.ScreenshotAsync("wall-vpn-360");
        window.AssertClean();
    }
}
