using Offerwall.Data;

namespace Offerwall.Partners;

/// <summary>A partner as the operator sees it; <see cref="Suspended"/> with when and why (docs/fraud.md).</summary>
public sealed record PartnerView(long Id, string Name, string CurrencyName, decimal CurrencyRatio, decimal RevenueShare, string? PostbackUrl,
    string PostbackFormat, bool SurveysEnabled, bool StatefulPostbacks, bool BlockVpn, string ServerKeyHint, string AppToken, DateTime CreatedAt,
    bool Suspended, DateTime? SuspendedAt, string? SuspendReason, bool NegativeReversals)
{
    public static PartnerView Of(Partner p) => new(p.Id, p.Name, p.CurrencyName, p.CurrencyRatio, p.RevenueShare, p.PostbackUrl,
        FormatName(p.PostbackFormat), p.SurveysEnabled, p.StatefulPostbacks, p.BlockVpn, p.ServerKeyHint, p.AppToken, p.CreatedAt,
        p.SuspendedAt is not null, p.SuspendedAt, p.SuspendReason, p.NegativeReversals);

    public static string FormatName(PostbackFormat f) => f switch
    {
        Data.PostbackFormat.StandardWebhooks => "standard_webhooks",
        Data.PostbackFormat.BitLabs => "bitlabs",
        _ => "get",
    };

    /// <summary>The format a name (checked: <see cref="PartnerAdmin.ValidatePostback"/>) stands for.</summary>
    public static PostbackFormat FormatOf(string name) => name switch
    {
        "standard_webhooks" => Data.PostbackFormat.StandardWebhooks,
        "bitlabs" => Data.PostbackFormat.BitLabs,
        _ => Data.PostbackFormat.Get,
    };
}
