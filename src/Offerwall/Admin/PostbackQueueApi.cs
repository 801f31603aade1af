using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Postbacks;
using Offerwall.Web;

namespace Offerwall.Admin;

/// <summary>
/// The postback outbox at a glance. <see cref="Pending"/>: every delivery not yet delivered nor dead; <see cref="Due"/>: those of them whose
/// time has come and whose partner can receive them (a postback URL, not suspended), with the oldest one's due time and id (how far the
/// worker is behind); <see cref="Waiting"/>: pending ones of partners without a URL or suspended, which wait untouched.
/// </summary>
public sealed record PostbackQueueView(DateTime Now, int Pending, int Due, int Waiting, DateTime? OldestDueAt, long? OldestDueId, int Dead,
    IReadOnlyList<FailingPartner> FailingPartners);

/// <summary>
/// A partner whose postbacks fail: how many of its deliveries are dead (out of retries) and how many are being retried, and its last failed
/// attempt (when, the HTTP status or null for no answer, and the first KB of the answer or the error).
/// </summary>
public sealed record FailingPartner(long PartnerId, string PartnerName, string? PostbackUrl, bool Suspended, int Dead, int Retrying,
    DateTime? LastFailureAt, int? LastStatusCode, string? LastError);

/// <summary>GET /admin/postbacks/queue: the delivery queue's depth, its oldest due postback and the failing partners (the console's overview and postbacks).</summary>
public static class PostbackQueueApi
{
    /// <summary>Failing partners listed at most (the most dead deliveries first).</summary>
    public const int MaxFailingPartners = 50;

    public static void MapPostbackQueue(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/postbacks").RequireAdminToken().WithErrorShape(ProblemDetailsShape.Instance).WithTags("Admin");
        admin.MapGet("/queue", async (OfferwallDb db, TimeProvider clock, CancellationToken ct) => Results.Ok(await ReadAsync(db, clock.GetUtcNow().UtcDateTime, ct)))
            .WithName("AdminPostbackQueue")
            .WithSummary("The postback queue: deliveries pending, due now and waiting, the oldest due one, dead ones, and the partners whose postbacks fail.")
            .WithDescription("A delivery is due when it is pending, its next attempt time has come, and its partner has a postback URL and is not suspended; "
                             + "oldest_due_at is the earliest such time (null: nothing due), so now − oldest_due_at is how far the worker is behind. "
                             + "A failing partner has dead deliveries or deliveries being retried; at most 50 are listed, the most dead first.")
            .Produces<PostbackQueueView>();
    }

    public static async Task<PostbackQueueView> ReadAsync(OfferwallDb db, DateTime now, CancellationToken ct)
    {
        // One grouped pass over the deliveries not delivered (index on status), per partner; partners are few.
        var perPartner = await db.PostbackDeliveries.AsNoTracking().Where(d => d.Status != DeliveryStatus.Delivered)
            .GroupBy(d => d.PartnerId)
            .Select(g => new
            {
                PartnerId = g.Key,
                Pending = g.Count(d => d.Status == DeliveryStatus.Pending),
                Due = g.Count(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now),
                Retrying = g.Count(d => d.Status == DeliveryStatus.Pending && d.RetryStep > 0),
                Dead = g.Count(d => d.Status == DeliveryStatus.Dead),
            })
            .ToListAsync(ct);
        var ids = perPartner.Select(p => p.PartnerId).ToList();
        var partners = await db.Partners.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.PostbackUrl, Suspended = p.SuspendedAt != null }).ToDictionaryAsync(p => p.Id, ct);
        bool Receives(long partnerId) => partners.TryGetValue(partnerId, out var p) && !string.IsNullOrEmpty(p.PostbackUrl) && !p.Suspended;

        var oldest = await DeliveryQueue.DueToReceivers(db, now)
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Select(d => new { d.Id, d.NextAttemptAt }).FirstOrDefaultAsync(ct);

        var failing = new List<FailingPartner>();
        foreach (var p in perPartner.Where(p => p.Dead > 0 || p.Retrying > 0).OrderByDescending(p => p.Dead).ThenByDescending(p => p.Retrying)
                     .ThenBy(p => p.PartnerId).Take(MaxFailingPartners))
        {
            // Its latest failing delivery's last attempt tells what goes wrong (the partner index on created_at finds it).
            var last = await db.PostbackDeliveries.AsNoTracking()
                .Where(d => d.PartnerId == p.PartnerId && (d.Status == DeliveryStatus.Dead || (d.Status == DeliveryStatus.Pending && d.RetryStep > 0)))
                .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
                .Select(d => db.PostbackAttempts.Where(a => a.DeliveryId == d.Id).OrderByDescending(a => a.Id).FirstOrDefault())
                .FirstOrDefaultAsync(ct);
            var partner = partners.GetValueOrDefault(p.PartnerId);
            failing.Add(new FailingPartner(p.PartnerId, partner?.Name ?? "", partner?.PostbackUrl, partner?.Suspended ?? false, p.Dead, p.Retrying,
                last?.At, last?.StatusCode, last?.Response));
        }

        return new PostbackQueueView(now, perPartner.Sum(p => p.Pending), perPartner.Where(p => Receives(p.PartnerId)).Sum(p => p.Due),
            perPartner.Where(p => !Receives(p.PartnerId)).Sum(p => p.Pending), oldest?.NextAttemptAt, oldest?.Id, perPartner.Sum(p => p.Dead), failing);
    }
}
