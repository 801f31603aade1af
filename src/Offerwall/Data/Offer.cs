namespace Offerwall.Data;

/// <summary>Something users do for a reward: a game, an app, a deal or a survey.</summary>
public sealed class Offer
{
    public const int MaxPublicIdLength = 64;

    public long Id { get; set; }

    /// <summary>The id partners see, e.g. "tU5z8PU5BIR9".</summary>
    public required string PublicId { get; set; }

    public long AdvertiserId { get; set; }
    public OfferKind Kind { get; set; }

    /// <summary>Title shown to users ("anchor" in the client API).</summary>
    public required string Name { get; set; }

    public string Description { get; set; } = "";
    public string Requirements { get; set; } = "";
    public string IconUrl { get; set; } = "";
    public string ContactUrl { get; set; } = "";
    public string Disclaimer { get; set; } = "";
    public string ConfirmationTime { get; set; } = "";

    /// <summary>Newline-separated list shown as "things to know".</summary>
    public string ThingsToKnow { get; set; } = "";

    /// <summary>Comma-separated category names.</summary>
    public string Categories { get; set; } = "";

    public bool IsGame { get; set; }
    public string ProductId { get; set; } = "";
    public string ProductName { get; set; } = "";

    /// <summary>Advertiser's tracking link with macros such as {tx_id} and {user_id}.</summary>
    public required string TrackingUrl { get; set; }

    /// <summary>Comma-separated ISO 3166-1 alpha-2 codes (upper case) the offer is limited to; empty: everywhere.</summary>
    public string Countries { get; set; } = "";

    /// <summary>Comma-separated ISO codes the offer is never shown in; empty: none.</summary>
    public string ExcludedCountries { get; set; } = "";

    /// <summary>Comma-separated platforms (android, ios, web); empty: all.</summary>
    public string Platforms { get; set; } = "";

    /// <summary>The lowest and highest OS version the offer takes ("10", "14.2"; Web/OsVersionRange.cs); null: no bound.</summary>
    public string? MinOsVersion { get; set; }

    public string? MaxOsVersion { get; set; }

    /// <summary>When the offer opens and closes (UTC; closed from <see cref="EndsAt"/> on); null: no bound.</summary>
    public DateTime? StartsAt { get; set; }

    public DateTime? EndsAt { get; set; }

    /// <summary>The offer's caps and budgets; each goal may have its own too (<see cref="Goal.Caps"/>).</summary>
    public Caps Caps { get; set; } = new();

    /// <summary>The time zone (IANA id) whose days the daily caps of the offer and its goals count in.</summary>
    public string CapTimeZone { get; set; } = Caps.DefaultTimeZone;

    /// <summary>What happens to a conversion that arrives over a cap.</summary>
    public OverCapRule OverCap { get; set; }

    /// <summary>Hours a user has, from their click, to complete the offer; null: no limit.</summary>
    public int? TimeLimitHours { get; set; }

    /// <summary>The longest time limit an offer or goal may have: ten years, in hours.</summary>
    public const int MaxTimeLimitHours = 87_600;

    /// <summary>
    /// When a time limit of <paramref name="hours"/> from a click at <paramref name="clickedAt"/> ends;
    /// null: no limit. A limit that would end past the calendar's last day (only a row stored before
    /// limits were bounded can say so) ends on that day.
    /// </summary>
    public static DateTime? Expiry(DateTime clickedAt, int? hours) =>
        hours is not { } h ? null
        : h >= (DateTime.MaxValue - clickedAt).TotalHours ? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)
        : clickedAt.AddHours(h);

    /// <summary>Whether the catalog (the import's is_active) offers it at all.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>Paused by the operator (admin API / CLI), apart from the catalog's flag: a re-import does not resume it.</summary>
    public bool Paused { get; set; }
    public DateTime CreatedAt { get; set; }

    public List<Goal> Goals { get; set; } = [];
}
