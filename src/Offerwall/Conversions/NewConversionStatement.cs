using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Offerwall.Data;
using Offerwall.Offers;

namespace Offerwall.Conversions;

/// <summary>
/// PostgreSQL only: a new conversion and what it causes (its history row, its ledger row, its
/// partner postback) written by one statement. The conversion is inserted with ON CONFLICT DO
/// NOTHING on its idempotency index and the other rows are inserted from what that returns, in
/// data-modifying WITH clauses. One statement is atomic by itself, so this is one round trip where
/// EF needs three (insert the conversion for its id, insert the rest, commit); on this hot path
/// round trips are the largest cost (docs/performance.md). The rows are the ones
/// <see cref="ConversionLifecycle.Consequences"/> builds, so what is written is decided in one
/// place for both engines; only the ids come from the statement.
/// </summary>
public static class NewConversionStatement
{
    /// <summary>PostgreSQL's division_by_zero: what the statement with caps raises, undoing itself, when a cap has no room.</summary>
    public const string NoRoom = "22012";

    /// <param name="caps">
    /// The cap counters the conversion takes a unit of (<see cref="OfferCaps.RowsFor"/>), or none. With caps, the same statement takes
    /// them with one conditional UPDATE of those rows, and fails with <see cref="NoRoom"/> (writing nothing) when a counter has no
    /// room or does not exist yet. One statement commits by itself, so the counters' row locks are held only while PostgreSQL
    /// executes it, never across a round trip: conversions of one capped offer queue only for that.
    /// </param>
    /// <param name="group">
    /// Where a conversion without caps is written together with the others arriving at the same moment, in one round trip and one
    /// commit (<see cref="GroupCommit"/>); null or switched off: alone. A capped one is always written alone: its statement may fail
    /// on purpose (<see cref="NoRoom"/>), which would undo the others.
    /// </param>
    /// <returns>The new conversion's id, or null when a concurrent request recorded the same event first (nothing written).</returns>
    public static async Task<long?> InsertAsync(OfferwallDb db, Conversion c, ConversionChange change, LedgerEntry? entry, PostbackDelivery? delivery,
        CancellationToken ct, IReadOnlyList<CapRow>? caps = null, GroupCommit? group = null)
    {
        NpgsqlBatchCommand Make() => Command(c, change, entry, delivery, caps);
        if (caps is not { Count: > 0 } && group is { Enabled: true })
            return await group.InsertAsync(Make);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await AloneAsync(connection, Make, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// One statement (<paramref name="make"/>), committed by itself, so a failed one wrote nothing and runs again whole: when PostgreSQL
    /// broke a deadlock with it (two conversions locking cap counters in another order, or a month's partition being made meanwhile).
    /// </summary>
    public static async Task<long?> AloneAsync(NpgsqlConnection connection, Func<NpgsqlBatchCommand> make, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var batch = new NpgsqlBatch(connection) { BatchCommands = { make() } };
                return await batch.ExecuteScalarAsync(ct) is long id ? id : null;
            }
            catch (PostgresException e) when (attempt < 4 && DbErrors.IsTransient(e))
            {
            }
        }
    }

    /// <summary>The statement that writes the conversion and what it causes, with its parameters; its one row is the new id.</summary>
    private static NpgsqlBatchCommand Command(Conversion c, ConversionChange change, LedgerEntry? entry, PostbackDelivery? delivery, IReadOnlyList<CapRow>? caps)
    {
        var sql = caps is { Count: > 0 } ? Build(entry is not null, delivery is not null, caps) : Statements[(entry is null ? 0 : 1) + (delivery is null ? 0 : 2)];
        var command = new NpgsqlBatchCommand(sql);
        var p = command.Parameters;
        if (caps is { Count: > 0 })
        {
            p.Add(Value("cap_spend", Money.ToMicros(c.AdvertiserPayout)));
            p.Add(Value("cap_rows", (long)caps.Count));
            for (var i = 0; i < caps.Count; i++)
            {
                p.Add(Value($"cap_goal_{i}", caps[i].GoalId));
                p.Add(Value($"cap_day_{i}", caps[i].Day));
                if (caps[i].MaxConversions is { } max) p.Add(Value($"cap_max_{i}", max));
                if (caps[i].Budget is { } budget) p.Add(Value($"cap_budget_{i}", Money.ToMicros(budget)));
            }
        }
        p.Add(Value("click_id", c.ClickId));
        p.Add(Value("partner_id", c.PartnerId));
        p.Add(Value("user_id", c.UserId));
        p.Add(Value("offer_id", c.OfferId));
        p.Add(Value("goal_id", c.GoalId));
        p.Add(Value("event_id", c.AdvertiserEventId));
        p.Add(Value("status", (int)c.Status));
        p.Add(Value("kind", (int)c.Kind));
        p.Add(Nullable("survey_id", NpgsqlDbType.Varchar, c.SurveyId));
        p.Add(Value("reward", Money.ToMicros(c.Reward)));
        p.Add(Value("reward_local", Money.ToMicros(c.RewardLocal)));
        p.Add(Value("payout", Money.ToMicros(c.Payout)));
        p.Add(Value("advertiser_payout", Money.ToMicros(c.AdvertiserPayout)));
        p.Add(Nullable("promotion_id", NpgsqlDbType.Bigint, c.PromotionId));
        p.Add(Value("created_at", c.CreatedAt));
        p.Add(Value("hold_until", c.HoldUntil));
        p.Add(Nullable("decided_at", NpgsqlDbType.TimestampTz, c.DecidedAt));
        p.Add(Value("country", c.Country));
        p.Add(Value("platform", c.Platform));
        p.Add(Nullable("cap_day", NpgsqlDbType.Varchar, c.CapDay));
        p.Add(Value("ip", c.Ip));
        p.Add(Value("device_key", c.DeviceKey));
        p.Add(Value("review", (int)c.Review));
        p.Add(Value("review_rules", c.ReviewRules));
        p.Add(Value("risk_outcome", c.RiskOutcome));
        p.Add(Nullable("change_from", NpgsqlDbType.Integer, (int?)change.FromStatus));
        p.Add(Value("change_to", (int)change.ToStatus));
        p.Add(Value("change_actor", change.Actor));
        p.Add(Value("change_reason", change.Reason));
        p.Add(Value("change_at", change.At));
        if (entry is not null)
        {
            p.Add(Value("ledger_reverse", entry.Reverse));
            p.Add(Value("ledger_partner_id", entry.PartnerId));
            p.Add(Value("ledger_user_id", entry.UserId));
            p.Add(Value("ledger_user_external_id", entry.UserExternalId));
            p.Add(Value("ledger_offer_public_id", entry.OfferPublicId));
            p.Add(Value("ledger_offer_name", entry.OfferName));
            p.Add(Value("ledger_goal_public_id", entry.GoalPublicId));
            p.Add(Value("ledger_note", entry.Note));
            p.Add(Value("ledger_reward", Money.ToMicros(entry.Reward)));
            p.Add(Value("ledger_reward_local", Money.ToMicros(entry.RewardLocal)));
            p.Add(Value("ledger_payout", Money.ToMicros(entry.Payout)));
            p.Add(Value("ledger_kind", (int)entry.Kind));
            p.Add(Nullable("ledger_survey_id", NpgsqlDbType.Varchar, entry.SurveyId));
            p.Add(Value("ledger_occurred_at", entry.OccurredAt));
            p.Add(Value("ledger_country", entry.Country));
            p.Add(Value("ledger_platform", entry.Platform));
        }
        if (delivery is not null)
        {
            p.Add(Value("delivery_partner_id", delivery.PartnerId));
            p.Add(Value("delivery_reverse", delivery.Reverse));
            p.Add(Value("delivery_event", delivery.Event));
            p.Add(Value("delivery_status", (int)delivery.Status));
            p.Add(Value("delivery_next_attempt_at", delivery.NextAttemptAt));
            p.Add(Value("delivery_created_at", delivery.CreatedAt));
            p.Add(Nullable("delivery_trace_parent", NpgsqlDbType.Varchar, delivery.TraceParent));
        }
        return command;
    }

    private static NpgsqlParameter<T> Value<T>(string name, T value) => new(name, value);

    private static NpgsqlParameter Nullable(string name, NpgsqlDbType type, object? value) => new(name, type) { Value = value ?? DBNull.Value };

    // Indexed by (ledger row ? 1 : 0) + (postback ? 2 : 0).
    private static readonly string[] Statements = [Build(false, false), Build(true, false), Build(false, true), Build(true, true)];

    private static string Build(bool ledger, bool delivery, IReadOnlyList<CapRow>? caps = null)
    {
        var sql = """
            WITH c AS (
                INSERT INTO conversions (click_id, partner_id, user_id, offer_id, goal_id, advertiser_event_id, status, kind, survey_id,
                                         reward, reward_local, payout, advertiser_payout, promotion_id, created_at, hold_until, decided_at,
                                         country, platform, cap_day, ip, device_key, review, review_rules, risk_outcome)
                VALUES (@click_id, @partner_id, @user_id, @offer_id, @goal_id, @event_id, @status, @kind, @survey_id,
                        @reward, @reward_local, @payout, @advertiser_payout, @promotion_id, @created_at, @hold_until, @decided_at,
                        @country, @platform, @cap_day, @ip, @device_key, @review, @review_rules, @risk_outcome)
                ON CONFLICT (click_id, goal_id, advertiser_event_id) DO NOTHING
                RETURNING id),
            h AS (
                INSERT INTO conversion_changes (conversion_id, from_status, to_status, actor, reason, at)
                SELECT id, @change_from, @change_to, @change_actor, @change_reason, @change_at FROM c)
            """;
        if (caps is { Count: > 0 })
        {
            static string Key(int i) => $"goal_id = @cap_goal_{i} AND day = @cap_day_{i}";
            // Each counter's limits where set; the UPDATE runs only for a conversion really inserted (not a duplicate).
            var rows = string.Join("\n                      OR ", caps.Select((row, i) =>
                $"({Key(i)}"
                + (row.MaxConversions is null ? "" : $" AND conversions < @cap_max_{i}")
                + (row.Budget is null ? "" : $" AND spend + @cap_spend <= @cap_budget_{i}") + ")"));
            // The counters are locked first, in key order (k, only for a conversion really inserted), and only then updated (u reads
            // all of k, a one-time condition, before it touches a row; k empty: nothing to take, so no room). The UPDATE alone locks
            // them in whatever order its plan scans them, and two plans of one statement (a custom and a generic one, on two
            // connections) scanning in opposite orders deadlocked on the same two rows.
            var keys = string.Join(" OR ", caps.Select((_, i) => $"({Key(i)})"));
            // Not every counter taken: divide by zero, which fails the whole statement. The divisor is not a constant, so the
            // planner cannot fold it and fail every call.
            sql += $"""
                ,
                k AS (
                    SELECT 1 FROM cap_counters
                    WHERE offer_id = @offer_id AND EXISTS (SELECT 1 FROM c) AND ({keys})
                    ORDER BY goal_id, day
                    FOR UPDATE),
                u AS (
                    UPDATE cap_counters SET conversions = conversions + 1, spend = spend + @cap_spend
                    WHERE offer_id = @offer_id AND (SELECT count(*) FROM k) > 0
                      AND ({rows})
                    RETURNING 1),
                fits AS (
                    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM c) OR (SELECT count(*) FROM u) = @cap_rows THEN 1
                                ELSE (SELECT count(*) FROM u)::int / 0 END AS ok)
                """;
        }
        if (ledger)
            sql += """
                ,
                l AS (
                    INSERT INTO ledger (transaction_id, reverse, partner_id, user_id, user_external_id, offer_public_id, offer_name,
                                        goal_public_id, note, reward, reward_local, payout, kind, survey_id, occurred_at, country, platform)
                    SELECT id, @ledger_reverse, @ledger_partner_id, @ledger_user_id, @ledger_user_external_id, @ledger_offer_public_id, @ledger_offer_name,
                           @ledger_goal_public_id, @ledger_note, @ledger_reward, @ledger_reward_local, @ledger_payout, @ledger_kind,
                           @ledger_survey_id, @ledger_occurred_at, @ledger_country, @ledger_platform FROM c
                    RETURNING id)
                """;
        if (delivery)
            sql += $"""
                ,
                d AS (
                    INSERT INTO postback_deliveries (partner_id, conversion_id, ledger_entry_id, reverse, event, status, attempts, retry_step,
                                                     next_attempt_at, created_at, trace_parent)
                    SELECT @delivery_partner_id, c.id, {(ledger ? "(SELECT id FROM l)" : "NULL")}, @delivery_reverse, @delivery_event,
                           @delivery_status, 0, 0, @delivery_next_attempt_at, @delivery_created_at, @delivery_trace_parent FROM c)
                """;
        return sql + (caps is { Count: > 0 } ? "\nSELECT id FROM c CROSS JOIN fits WHERE fits.ok = 1" : "\nSELECT id FROM c");
    }
}
