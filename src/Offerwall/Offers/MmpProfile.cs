namespace Offerwall.Offers;

/// <summary>
/// What an advertiser's measurement partner (MMP) sends us, by parameter name, and the template the advertiser pastes into the
/// MMP so that it does: each of our parameters filled with the MMP's own macro. Sources and worked postbacks: docs/integrations.md.
/// </summary>
public sealed record MmpProfile
{
    public const string Signed = "signed";

    /// <summary>The reserved event name of an install in an offer's event map.</summary>
    public const string InstallEvent = "install";

    public required string Name { get; init; }

    /// <summary>Our parameter carrying the click id: our tx_id, which the MMP took from its click URL.</summary>
    public required string ClickId { get; init; }

    /// <summary>Our parameters carrying the event's name(s), tried in order against the offer's event map (Adjust: the token, then the name).</summary>
    public required string[] EventNames { get; init; }

    public required string Revenue { get; init; }
    public required string Currency { get; init; }

    /// <summary>Our parameters carrying the event's own id or time, the first one given wins (what makes a repeated purchase a new event).</summary>
    public required string[] EventIds { get; init; }

    /// <summary>The parameter telling an install from an in-app event; null: a postback without an event name is the install.</summary>
    public string? Kind { get; init; }

    /// <summary>Values of <see cref="Kind"/> (or of the event name, without a kind parameter) that mean an install.</summary>
    public string[] InstallValues { get; init; } = [];

    /// <summary>Values of <see cref="Kind"/> that mean the MMP rejected (blocked) the install or event.</summary>
    public string[] RejectedKinds { get; init; } = [];

    /// <summary>A parameter whose "1" or "true" means rejected.</summary>
    public string? RejectedFlag { get; init; }

    /// <summary>The parameters that carry the rejection's reason (any of them given also means rejected), joined by "/".</summary>
    public required string[] Reasons { get; init; }

    /// <summary>The query our template asks for, each value the MMP's macro (after ?token=…&amp;).</summary>
    public required string Template { get; init; }

    /// <summary>What the offer's tracking link adds to the MMP's click URL so that the MMP keeps our click id.</summary>
    public required string ClickUrlParameter { get; init; }

    /// <summary>The MMP's documentation the names come from.</summary>
    public required string Source { get; init; }

    public static readonly string[] Names = [Signed, "appsflyer", "adjust", "singular", "branch", "kochava", "generic"];

    public static MmpProfile? Of(string name) => All.GetValueOrDefault(name);

    private static readonly Dictionary<string, MmpProfile> All = new MmpProfile[]
    {
        new()
        {
            Name = "appsflyer", ClickId = "clickid", EventNames = ["event_name"], Revenue = "event_revenue", Currency = "event_revenue_currency",
            EventIds = ["event_time", "install_unix_ts"], InstallValues = [], RejectedFlag = "is_rejected",
            Reasons = ["reject_reason", "reject_reason_value", "reject_sub_reason"],
            Template = "clickid=(clickid)&event_name=(event-name)&event_revenue=(event-revenue)&event_revenue_currency=(event-revenue-currency)"
                       + "&event_time=(event-time)&install_unix_ts=(install-unix-ts)&is_rejected=(is-rejected)&reject_reason=(blocked-reason)"
                       + "&reject_reason_value=(blocked-reason-value)&reject_sub_reason=(blocked-sub-reason)",
            ClickUrlParameter = "clickid={tx_id}",
            Source = "https://support.appsflyer.com/hc/en-us/articles/207273946-Postback-macros-for-ad-networks",
        },
        new()
        {
            Name = "adjust", ClickId = "click_id", EventNames = ["event_token", "event_name"], Revenue = "revenue", Currency = "currency",
            EventIds = ["created_at"], Kind = "activity_kind", InstallValues = ["install", "rejected_install"],
            RejectedKinds = ["rejected_install", "rejected_reattribution"], Reasons = ["rejection_reason"],
            Template = "click_id={click_id}&activity_kind={activity_kind}&event_token={event}&event_name={event_name}&revenue={revenue_float}"
                       + "&currency={currency}&created_at={created_at}&rejection_reason={rejection_reason}",
            ClickUrlParameter = "click_id={tx_id}",
            Source = "https://help.adjust.com/en/article/event-callbacks",
        },
        new()
        {
            Name = "singular", ClickId = "cl", EventNames = ["event"], Revenue = "amount", Currency = "currency", EventIds = ["event_time"],
            RejectedFlag = "rejected", Reasons = ["reject_reason"],
            Template = "cl={cl?Offerwall}&event={EVTNAME}&amount={AMOUNT}&currency={CURRENCY}&event_time={UTCM}",
            ClickUrlParameter = "cl={tx_id}",
            Source = "https://support.singular.net/hc/en-us/articles/115004063323-Postback-Macros-and-Passthrough-Parameters-for-Ad-Networks",
        },
        new()
        {
            Name = "branch", ClickId = "click_id", EventNames = ["event"], Revenue = "revenue", Currency = "currency", EventIds = ["event_id"],
            InstallValues = ["install", "INSTALL"], RejectedFlag = "rejected", Reasons = ["reject_reason"],
            Template = "click_id=${(last_attributed_touch_data.~click_id)!}&event=${(name)!}&revenue=${(event_data.revenue)!}"
                       + "&currency=${(event_data.currency)!}&event_id=${(id)!}",
            ClickUrlParameter = "~click_id={tx_id}",
            Source = "https://help.branch.io/using-branch/docs/postback-macros-functions",
        },
        new()
        {
            Name = "kochava", ClickId = "click_id", EventNames = ["event_name"], Revenue = "revenue", Currency = "currency", EventIds = ["event_time"],
            InstallValues = ["_install"], RejectedFlag = "rejected", Reasons = ["reject_reason"],
            Template = "click_id={click_id}&event_name={event_name}&revenue={revenue}&currency={currency}&event_time={event_time}",
            ClickUrlParameter = "click_id={tx_id}",
            Source = "https://support.kochava.com/campaign-management/create-a-custom-postback",
        },
        new()
        {
            Name = "generic", ClickId = "click_id", EventNames = ["event"], Revenue = "revenue", Currency = "currency", EventIds = ["event_id"],
            Kind = "kind", InstallValues = ["install"], RejectedKinds = ["rejected"], RejectedFlag = "rejected", Reasons = ["reject_reason"],
            Template = "click_id={click_id}&kind={install_or_event}&event={event_name}&revenue={revenue}&currency={currency}&event_id={event_id}"
                       + "&rejected={1_if_rejected}&reject_reason={reason}",
            ClickUrlParameter = "click_id={tx_id}",
            Source = "docs/integrations.md (our own names: fill each value with your MMP's macro)",
        },
    }.ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>The URL to paste into the MMP: our endpoint, the advertiser's token, then the profile's parameters and macros.</summary>
    public string PostbackTemplate(string baseUrl, long advertiserId, string token) =>
        $"{baseUrl.TrimEnd('/')}/postbacks/mmp/{advertiserId}?token={token}&{Template}";
}
