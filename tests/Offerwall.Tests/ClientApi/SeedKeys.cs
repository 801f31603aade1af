using System.Text.Json.Nodes;

namespace Offerwall.Tests.ClientApi;

/// <summary>The seed's keys (004), in its order.</summary>
public static class SeedKeys
{
    public static readonly string[] Details =
    [
        "offer_id", "anchor", "description", "requirements", "icon_url", "contact_url", "things_to_know", "started_at", "disclaimer", "events",
        "hours_left", "is_game", "product_id", "product_name", "categories", "confirmation_time", "latest_date", "continue_url", "points",
        "completed_events", "completed", "has_pending_conversions", "total_points", "total_promotional_points", "total_approved_points",
        "total_pending_points", "total_cancelled_points", "total_events", "total_approved_events", "total_pending_events",
        "total_cancelled_events", "tx_id", "next_event", "next_payable_event",
    ];

    public static readonly string[] Event =
    [
        "uuid", "name", "approved_conversions", "approved_cpa", "pending_conversions", "pending_cpa", "status", "type", "payable", "timestamp",
        "pending_reason", "display_type", "promised_points", "promised_commission_amount", "time_played", "offer_expires_at", "minutes_left",
        "type_id", "promotional_points",
    ];

    public static readonly string[] TimePlayed = ["id", "goal_unit", "goal_unit_count"];

    public static readonly string[] Envelope = ["data", "status", "trace_id"];

    public static string[] Of(JsonNode? node) => [.. node!.AsObject().Select(p => p.Key)];
}
