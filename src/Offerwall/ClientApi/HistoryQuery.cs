using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace Offerwall.ClientApi;

/// <summary>BitLabs' <c>filter</c> of <c>GET /v1/client/user/history</c>: which kinds of history to list (<see cref="UserHistory.Kinds"/>).</summary>
public sealed record HistoryQuery(
    [property: FromQuery(Name = "filter")]
    [property: Description("Only these kinds: surveys, offers, magic_receipts, others (repeated or comma-separated). Absent: all.")]
    string[]? Filter,
    [property: FromQuery(Name = "filter[]"), Description("The same as filter, in the array spelling.")]
    string[]? FilterArray);
