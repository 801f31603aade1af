using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Partners;

/// <summary>A partner's user as the operator's block sees it: blocked or not, since when and why, and how many conversions the block held.</summary>
public sealed record BlockedUserView(long PartnerId, string UserId, bool Blocked, DateTime? BlockedAt, string? Reason, int HeldConversions);

/// <summary>One row of a partner's block history: who did what (block, unblock, suspend, resume) to the partner or which user, why, when.</summary>
public sealed record BlockChangeView(long Id, long PartnerId, string? UserId, string Action, string Actor, string Reason, DateTime At);

/// <summary>
/// The operator's blocks of users and suspensions of partners (docs/fraud.md, "Blocking users and suspending partners"), shared by the
/// admin API and the command line. Each action is made only from the other state (blocking a blocked user changes nothing and says so),
/// and each one made adds a row to the partner's history (<see cref="BlockChange"/>). What a block or suspension does elsewhere: the client
/// API refuses (ClientApi), new conversions of a blocked user are held (RecordConversion), a suspended partner's postbacks are not claimed
/// (DeliveryQueue).
/// </summary>
public static class Blocking
{
    /// <summary>The review queue's rule name for a conversion held because its user is blocked.</summary>
    public const string Rule = "blocked_user";

    public const string ApiActor = "operator";
    public const string CommandLineActor = "operator (command line)";

    public const int MaxHistory = 1000;

    /// <summary>A reason as given (or none), checked: the command line prints these errors; the admin API answers them as a validation problem.</summary>
    public static Dictionary<string, string[]> Validate(string? reason)
    {
        var errors = new Dictionary<string, string[]>();
        StoredText.Check(errors, "reason", reason, BlockChange.MaxReasonLength, optional: true);
        return errors;
    }

    /// <summary>
    /// Blocks a partner's user (their id in any case): from now on their starts are refused and their new conversions held for the
    /// operator; their conversions pending now are held too (<see cref="HoldPendingAsync"/>). One transaction.
    /// </summary>
    public static async Task<(BlockError Error, BlockedUserView? User)> BlockUserAsync(OfferwallDb db, long partnerId, string userId, string? reason, string actor,
        DateTime now, CancellationToken ct = default)
    {
        var (found, error) = await FindUserAsync(db, partnerId, userId, ct);
        if (found is null) return (error, null);
        if (found.BlockedAt is not null) return (BlockError.AlreadyDone, View(partnerId, found, 0));
        var why = reason?.Trim() ?? "";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // Conditional: of two blocks at once, one is made and the other finds it done.
            var made = await db.Users.Where(u => u.Id == found.Id && u.BlockedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.BlockedAt, now).SetProperty(u => u.BlockReason, why), ct);
            if (made == 0)
            {
                await tx.RollbackAsync(ct);
                return (BlockError.AlreadyDone, View(partnerId, (await FindUserAsync(db, partnerId, userId, ct)).User!, 0));
            }
            var held = await HoldPendingAsync(db, found.Id, actor, why, now, ct);
            db.BlockChanges.Add(new BlockChange
            {
                PartnerId = partnerId, UserId = found.Id, UserExternalId = found.ExternalId, Action = BlockChange.Block, Actor = actor, Reason = why, At = now,
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return (BlockError.None, new BlockedUserView(partnerId, found.ExternalId, true, now, why, held));
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Unblocks a partner's user: they may start offers again. The conversions the block held stay in the review queue for the operator.</summary>
    public static async Task<(BlockError Error, BlockedUserView? User)> UnblockUserAsync(OfferwallDb db, long partnerId, string userId, string? reason,
        string actor, DateTime now, CancellationToken ct = default)
    {
        var (found, error) = await FindUserAsync(db, partnerId, userId, ct);
        if (found is null) return (error, null);
        if (found.BlockedAt is null) return (BlockError.AlreadyDone, View(partnerId, found, 0));
        var why = reason?.Trim() ?? "";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var made = await db.Users.Where(u => u.Id == found.Id && u.BlockedAt != null)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.BlockedAt, (DateTime?)null).SetProperty(u => u.BlockReason, (string?)null), ct);
        if (made == 0)
        {
            await tx.RollbackAsync(ct);
            return (BlockError.AlreadyDone, View(partnerId, (await FindUserAsync(db, partnerId, userId, ct)).User!, 0));
        }
        await AddAsync(db, new BlockChange
        {
            PartnerId = partnerId, UserId = found.Id, UserExternalId = found.ExternalId, Action = BlockChange.Unblock, Actor = actor, Reason = why, At = now,
        }, ct);
        await tx.CommitAsync(ct);
        return (BlockError.None, new BlockedUserView(partnerId, found.ExternalId, false, null, null, 0));
    }

    /// <summary>
    /// Suspends a partner (<paramref name="suspend"/>) or resumes it. While suspended its client API answers 403, its postbacks wait
    /// unsent (the caller wakes the postback worker after a resumption), and its Data API still answers.
    /// </summary>
    public static async Task<(BlockError Error, PartnerView? Partner)> SuspendAsync(OfferwallDb db, long partnerId, bool suspend, string? reason, string actor,
        DateTime now, CancellationToken ct = default)
    {
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId, ct)) return (BlockError.NoPartner, null);
        var why = reason?.Trim() ?? "";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var made = suspend
            ? await db.Partners.Where(p => p.Id == partnerId && p.SuspendedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.SuspendedAt, now).SetProperty(p => p.SuspendReason, why), ct)
            : await db.Partners.Where(p => p.Id == partnerId && p.SuspendedAt != null)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.SuspendedAt, (DateTime?)null).SetProperty(p => p.SuspendReason, (string?)null), ct);
        if (made > 0)
            await AddAsync(db, new BlockChange
            {
                PartnerId = partnerId, Action = suspend ? BlockChange.Suspend : BlockChange.Resume, Actor = actor, Reason = why, At = now,
            }, ct);
        await tx.CommitAsync(ct);
        // Committed: the client API's copies of partners (ClientApi/PartnerTokens.cs) are dropped, so a suspension acts at once here.
        if (made > 0) CatalogChanges.Count(db);
        var partner = await db.Partners.AsNoTracking().SingleAsync(p => p.Id == partnerId, ct);
        return (made > 0 ? BlockError.None : BlockError.AlreadyDone, PartnerView.Of(partner));
    }

    /// <summary>A partner's block history, newest first (only one user's with <paramref name="userId"/>); null when there is no such partner.</summary>
    public static async Task<List<BlockChangeView>?> HistoryAsync(OfferwallDb db, long partnerId, string? userId, long? beforeId, int limit,
        CancellationToken ct = default)
    {
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId, ct)) return null;
        var rows = db.BlockChanges.AsNoTracking().Where(b => b.PartnerId == partnerId);
        if (userId is not null)
        {
            var user = CouldBeUserId(userId) ? await PartnerUsers.IdAsync(db, partnerId, userId, ct) : null;
            if (user is null) return [];
            rows = rows.Where(b => b.UserId == user);
        }
        if (beforeId is not null) rows = rows.Where(b => b.Id < beforeId);
        return await rows.OrderByDescending(b => b.Id).Take(Math.Clamp(limit, 1, MaxHistory))
            .Select(b => new BlockChangeView(b.Id, b.PartnerId, b.UserExternalId, b.Action, b.Actor, b.Reason, b.At))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Holds for the operator every conversion of the user that is pending and not held already (one that only waited for its hold period,
    /// one flagged, one held over a cap): it stays pending whatever its hold period, enters the review queue (held, rule
    /// <see cref="Rule"/>), and its history says why. Returns how many. The caller saves.
    /// </summary>
    private static async Task<int> HoldPendingAsync(OfferwallDb db, long userId, string actor, string reason, DateTime now, CancellationToken ct)
    {
        var pending = await db.Conversions.Where(c => c.UserId == userId && c.Status == ConversionStatus.Pending && c.Review != ReviewState.Held)
            .ToListAsync(ct);
        var history = HeldReason(reason);
        foreach (var c in pending)
        {
            c.Review = ReviewState.Held;
            c.HoldUntil = Conversion.HeldForOperator;
            c.ReviewRules = WithRule(c.ReviewRules);
            db.ConversionChanges.Add(new ConversionChange
            {
                ConversionId = c.Id, FromStatus = ConversionStatus.Pending, ToStatus = ConversionStatus.Pending, Actor = actor, Reason = history, At = now,
            });
        }
        return pending.Count;
    }

    /// <summary>The history's reason of a conversion held because its user was blocked, with the operator's reason for the block.</summary>
    public static string HeldReason(string? reason) =>
        "held for review: the user is blocked" + (string.IsNullOrWhiteSpace(reason) ? "" : $" ({reason.Trim()})");

    /// <summary>The review rules with <see cref="Rule"/> added (once, and only while the column has room).</summary>
    public static string WithRule(string rules)
    {
        if (("," + rules + ",").Contains("," + Rule + ",", StringComparison.Ordinal)) return rules;
        var added = rules.Length == 0 ? Rule : rules + "," + Rule;
        return added.Length <= 500 ? added : rules;
    }

    private static async Task AddAsync(OfferwallDb db, BlockChange change, CancellationToken ct)
    {
        db.BlockChanges.Add(change);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static async Task<(User? User, BlockError Error)> FindUserAsync(OfferwallDb db, long partnerId, string userId, CancellationToken ct)
    {
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId, ct)) return (null, BlockError.NoPartner);
        var user = CouldBeUserId(userId) ? await PartnerUsers.ByExternalId(db, partnerId, userId).AsNoTracking().FirstOrDefaultAsync(ct) : null;
        return user is null ? (null, BlockError.NoUser) : (user, BlockError.None);
    }

    /// <summary>Whether the client API could have taken this id (so a user may have it), and the database can hold it: else no user has it.</summary>
    private static bool CouldBeUserId(string id) => id.Length is > 0 and <= User.MaxIdLength && !id.Any(char.IsControl) && StoredText.IsStorable(id);

    private static BlockedUserView View(long partnerId, User user, int held) =>
        new(partnerId, user.ExternalId, user.BlockedAt is not null, user.BlockedAt, user.BlockReason, held);
}
