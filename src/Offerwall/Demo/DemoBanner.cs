using Offerwall.PartnerApi;

namespace Offerwall.Demo;

/// <summary>What the server prints once it listens with demo data: where it is and how to try it.</summary>
public static class DemoBanner
{
    /// <param name="demoAdminToken">Whether /admin answers to the demo's admin token (only on a database of demo data alone).</param>
    /// <param name="geo">What the server targets countries with: the database's path, the demo's, or nothing (geo targeting off).</param>
    public static string Text(string baseUrl, string database, bool demoAdminToken = false, string? geo = null)
    {
        baseUrl = baseUrl.TrimEnd('/');
        var partner = DemoData.Partners[0];
        var lines = new List<string>
        {
            "",
            "Offerwall is running with demo data.",
            $"  Database:               {database}",
            $"  API docs (interactive): {baseUrl}/docs",
            $"  OpenAPI document:       {baseUrl}/openapi/v1.json",
            $"  Conversion Data API:    {baseUrl}{ConversionsApi.Path}",
            $"  Operator console:       {baseUrl}/console   (sign in with the admin token{(demoAdminToken ? " below" : ", Admin:Token")})",
            $"  Partner dashboard:      {baseUrl}/dashboard   (sign in with a server key below)",
            $"  Offerwall page:         {baseUrl}/wall?token={partner.AppToken}&uid=demo-user",
            $"  Geo targeting:          {geo ?? "off (no Geo:CountryDatabase): offers that target countries are hidden, the others shown"}",
            "",
            "Demo partners (fixed demo keys; partners you create get random ones):",
        };
        foreach (var p in DemoData.Partners)
            lines.Add($"  {p.Name,-12} server key {p.ServerKey,-28} app token {p.AppToken}{(p.Surveys ? "  (surveys enabled)" : "")}");
        if (demoAdminToken)
            lines.Add($"  Admin API token (demo data only): {Admin.AdminOptions.DemoToken}");
        lines.Add("");
        lines.Add("Try:");
        lines.Add($"  curl -s -H 'Authorization: Bearer {partner.ServerKey}' '{baseUrl}{ConversionsApi.Path}?per_page=2'");
        lines.Add($"  curl -s -H 'X-Api-Token: {partner.AppToken}' -H 'X-User-Id: me' '{baseUrl}/v1/client/offers'   (offers for this machine)");
        lines.Add("");
        return string.Join(Environment.NewLine, lines);
    }
}
