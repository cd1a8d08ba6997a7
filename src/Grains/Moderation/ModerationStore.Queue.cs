using System.Text.Json;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Moderation;

/// <summary>The queue: flags, pages of cases, claims and closing a case.</summary>
public sealed partial class ModerationStore
{
    /// <summary>An automated flag joins the target's open case (opened if needed); idempotent, so a re-delivered event changes nothing.</summary>
    public async Task FlagAsync(CaseSeed seed, bool hold, IReadOnlyList<string> matched)
    {
        await using var tx = await Tx.BeginAsync(db);
        var caseId = await OpenCaseAsync(tx, ModerationNames.Of(seed.Target.Type), seed);
        await tx.ExecuteAsync("""
            UPDATE moderation_cases SET
                flags = ARRAY(SELECT DISTINCT f FROM unnest(flags || $2) AS f ORDER BY f),
                held = held OR $3,
                flag_score = greatest(flag_score, $4),
                priority = moderation_priority(weight, greatest(flag_score, $4), model_score, reach),
                updated_at = now()
            WHERE id = $1
            """, caseId, matched.ToArray(), hold, hold ? HoldScore : FlagScore);
        await tx.CommitAsync();
    }

    /// <summary>
    /// Content analysis flagged the item: its open case (opened if needed) gets the flags, the model's score (the
    /// largest seen: a re-delivery or a lower later score changes nothing) and, for a hold, the held mark.
    /// </summary>
    public async Task ModelFlagAsync(CaseSeed seed, bool hold, IReadOnlyList<string> flags, double modelScore)
    {
        await using var tx = await Tx.BeginAsync(db);
        var caseId = await OpenCaseAsync(tx, ModerationNames.Of(seed.Target.Type), seed);
        await tx.ExecuteAsync("""
            UPDATE moderation_cases SET
                flags = ARRAY(SELECT DISTINCT f FROM unnest(flags || $2) AS f ORDER BY f),
                held = held OR $3,
                model_score = greatest(model_score, $4),
                priority = moderation_priority(weight, flag_score, greatest(model_score, $4), reach),
                updated_at = now()
            WHERE id = $1
            """, caseId, flags.ToArray(), hold, modelScore);
        await tx.CommitAsync();
    }

    // A watched word weighs like one trusted report of a serious reason; one that holds the item, a little more.
    private const double FlagScore = 2, HoldScore = 3;

    private const string CaseSelect = """
        SELECT c.id, c.target_type, c.target_id, c.status, c.priority, c.report_count, c.reporter_count, c.reasons, c.flags,
               c.held, c.snapshot, c.owner_id, a.username,
               (SELECT count(*)::int FROM strikes s WHERE s.account_id = c.owner_id AND s.reversed_at IS NULL),
               c.claimed_by, c.claimed_until, c.opened_at, c.action, c.latest_reports::text,
               c.resolved_at
        FROM moderation_cases c LEFT JOIN accounts a ON a.id = c.owner_id
        """;

    /// <summary>
    /// Open cases by priority, highest first; the cursor's At carries the priority in millionths (priorities are stored
    /// rounded to that), so one cursor shape serves. Resolved cases newest first.
    /// </summary>
    public async Task<QueuePage> QueueAsync(QueueFilter filter, PageCursor? after, int limit)
    {
        // Only the filters asked for are in the statement: "$n IS NULL OR …" conditions made the prepared statement's
        // generic plan sort every open case instead of walking the priority index (p50 14 ms against 1 ms).
        var args = new List<object>();
        string Arg(object value)
        {
            args.Add(value);
            return $"${args.Count}";
        }
        var where = new List<string> { filter.Resolved ? "c.status = 'resolved'" : "c.status = 'open' AND (c.escalate_at IS NULL OR c.escalate_at <= now())" };
        if (filter.TargetType is { } t) where.Add($"c.target_type = {Arg(ModerationNames.Of(t))}");
        if (filter.Reason is { } reason) where.Add($"{Arg(reason)} = ANY (c.reasons)");
        var (key, order) = filter.Resolved ? ("c.resolved_at", "c.resolved_at DESC, c.id DESC") : ("c.priority", "c.priority DESC, c.id DESC");
        if (after is not null)
        {
            object position = filter.Resolved ? after.At : PriorityAfter(after);
            where.Add($"({key}, c.id) < ({Arg(position)}, {Arg(after.Id)})");
        }
        var sql = $"{CaseSelect} WHERE {string.Join(" AND ", where)} ORDER BY {order} LIMIT {Arg(limit + 1)}";
        // Prepared (once per pooled connection and filter combination): planning cost more than running it.
        await using var connection = await db.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        Tx.AddParameters(cmd, [.. args]);
        await cmd.PrepareAsync();
        return PageOf(await WithAppealsAsync(await ReadCasesAsync(cmd)), limit, filter.Resolved);
    }

    /// <summary>An appeal's item carries the appeal and its strike.</summary>
    private async Task<List<CaseRow>> WithAppealsAsync(List<CaseRow> rows)
    {
        var ids = rows.Where(r => r.Item.TargetType == ModerationTargetType.Appeal).Select(r => r.Item.TargetId).ToList();
        if (ids.Count == 0) return rows;
        var appeals = await AppealsAsync(ids);
        return [.. rows.Select(r => appeals.TryGetValue(r.Item.TargetId, out var a) ? r with { Item = r.Item with { Appeal = a } } : r)];
    }

    /// <summary>Priorities are stored in whole millionths (moderation_priority rounds them), so a cursor carries them exactly.</summary>
    private const decimal PriorityScale = 1_000_000m;

    private static double PriorityAfter(PageCursor after) => (double)after.Key(PriorityScale);

    /// <summary>The page and the cursor after its last case: by resolution time, or by priority in millionths.</summary>
    private static QueuePage PageOf(List<CaseRow> rows, int limit, bool byResolution)
    {
        if (rows.Count <= limit) return new QueuePage([.. rows.Select(r => r.Item)], null);
        var last = rows[limit - 1];
        var next = byResolution
            ? new PageCursor(last.ResolvedAt!.Value, last.Item.Id)
            : PageCursor.AfterKey(Math.Round((decimal)last.Item.Priority, 6), last.Item.Id, PriorityScale);
        return new QueuePage([.. rows[..limit].Select(r => r.Item)], next);
    }

    /// <summary>A stream's open chat-message cases, escalated or not, highest priority first (same cursor as the queue).</summary>
    public async Task<QueuePage> StreamCasesAsync(Guid streamId, PageCursor? after, int limit)
    {
        await using var cmd = db.CreateCommand($"""
            {CaseSelect}
            WHERE c.status = 'open' AND c.stream_id = $1 AND ($2::float8 IS NULL OR (c.priority, c.id) < ($2, $3))
            ORDER BY c.priority DESC, c.id DESC LIMIT $4
            """);
        Tx.AddParameters(cmd, streamId, after is null ? DBNull.Value : PriorityAfter(after), (object?)after?.Id ?? Guid.Empty, limit + 1);
        return PageOf(await ReadCasesAsync(cmd), limit, byResolution: false);
    }

    public async Task<QueueItem?> CaseAsync(Guid caseId)
    {
        await using var cmd = db.CreateCommand($"{CaseSelect} WHERE c.id = $1");
        cmd.Parameters.Add(new() { Value = caseId });
        return (await WithAppealsAsync(await ReadCasesAsync(cmd))).SingleOrDefault()?.Item;
    }

    /// <summary>The target's open case, opened with the seed when it has none (a moderator acting without a report).</summary>
    public async Task<Guid> FindOrOpenCaseAsync(CaseSeed seed)
    {
        await using var tx = await Tx.BeginAsync(db);
        var caseId = await OpenCaseAsync(tx, ModerationNames.Of(seed.Target.Type), seed);
        await tx.CommitAsync();
        return caseId;
    }

    /// <summary>A moderator held the item: the case stays open, marked held, to be decided later.</summary>
    public async Task HoldCaseAsync(Guid caseId)
    {
        await using var cmd = db.CreateCommand("UPDATE moderation_cases SET held = true, updated_at = now() WHERE id = $1");
        cmd.Parameters.Add(new() { Value = caseId });
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Takes or renews the claim; false when the case is missing, closed or claimed by someone else (read the case to tell).</summary>
    public async Task<bool> ClaimAsync(Guid caseId, Guid moderatorId, TimeSpan claimTime)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE moderation_cases SET claimed_by = $2, claimed_until = now() + $3
            WHERE id = $1 AND status = 'open' AND (claimed_by IS NULL OR claimed_by = $2 OR claimed_until <= now())
            """);
        Tx.AddParameters(cmd, caseId, moderatorId, claimTime);
        return await cmd.ExecuteNonQueryAsync() == 1;
    }

    /// <summary>How a case is closed; Strike false for a stream moderator's decision (the platform's strikes are its own).</summary>
    public sealed record Closing(CaseAction Action, string Reason, string? Note, DateTimeOffset? Until, Moderator By, bool Strike = true);

    /// <summary>
    /// One transaction: the case resolved (only while the closer holds or may take the claim), its open reports resolved
    /// with the outcome, their reporters' accuracy, the strike, the audit row and the case_resolved event. False when
    /// the case was closed or claimed by someone else meanwhile.
    /// </summary>
    public async Task<bool> CloseCaseAsync(QueueItem item, Closing closing)
    {
        var outcome = CaseActions.Outcome(closing.Action);
        var actioned = CaseActions.Strikes(closing.Action);
        await using var tx = await Tx.BeginAsync(db);
        var closed = await tx.ExecuteAsync("""
            UPDATE moderation_cases SET status = 'resolved', resolved_at = now(), resolved_by = $2, action = $3,
                   resolution_reason = $4, note = $5, claimed_by = NULL, claimed_until = NULL
            WHERE id = $1 AND status = 'open' AND (claimed_by IS NULL OR claimed_by = $2 OR claimed_until <= now())
            """, item.Id, closing.By.Id, CaseActions.Name(closing.Action), closing.Reason, (object?)closing.Note ?? DBNull.Value);
        if (closed == 0) return false;
        await tx.ExecuteAsync("""
            WITH resolved AS (
                UPDATE reports SET status = 'resolved', outcome = $2, resolved_at = now()
                WHERE case_id = $1 AND status = 'open' RETURNING reporter_id)
            INSERT INTO reporter_accuracy AS a (reporter_id, resolved, actioned)
            SELECT reporter_id, 1, $3 FROM resolved
            ON CONFLICT (reporter_id) DO UPDATE SET resolved = a.resolved + 1, actioned = a.actioned + excluded.actioned
            """, item.Id, outcome, actioned ? 1 : 0);
        Guid? strikeId = actioned && closing.Strike ? await InsertStrikeAsync(tx, item.OwnerId, item.Id, ModerationNames.Of(item.TargetType), item.TargetId, closing) : null;
        if (closing.Action is CaseAction.Restore or CaseAction.UnmarkSensitive)
        {
            // Undoing a removal or a mark undoes its strikes on this item: they were given for what is now judged fine.
            await tx.ExecuteAsync("""
                UPDATE strikes SET reversed_at = now() WHERE target_type = $1 AND target_id = $2 AND action = $3 AND reversed_at IS NULL
                """, ModerationNames.Of(item.TargetType), item.TargetId, closing.Action == CaseAction.Restore ? "remove" : "mark_sensitive");
        }
        await AuditLog.AppendAsync(tx, new AuditEntry(closing.By.Audit, AuditActions.CaseResolved, ModerationNames.Of(item.TargetType),
            item.TargetId.ToString(), closing.Reason, new { case_id = item.Id, action = CaseActions.Name(closing.Action), until = closing.Until, note = closing.Note }));
        await EventOutbox.AppendAsync(tx, EventStreams.Moderation, item.Id, closing.By.Id, EventKinds.Moderation.CaseResolved, new
        {
            case_id = item.Id,
            target_type = ModerationNames.Of(item.TargetType),
            target_id = item.TargetId,
            owner_id = item.OwnerId,
            action = CaseActions.Name(closing.Action),
            outcome,
            reason = closing.Reason,
            until = closing.Until,
            strike_id = strikeId,
            at = DateTimeOffset.UtcNow,
        });
        await tx.CommitAsync();
        return true;
    }

    private static async Task<Guid> InsertStrikeAsync(Tx tx, Guid accountId, Guid? caseId, string targetType, Guid targetId, Closing closing)
    {
        var id = Guid.CreateVersion7();
        await tx.ExecuteAsync("""
            INSERT INTO strikes (id, account_id, case_id, action, target_type, target_id, reason, until, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, id, accountId, (object?)caseId ?? DBNull.Value, CaseActions.Name(closing.Action), targetType, targetId, closing.Reason,
            (object?)closing.Until ?? DBNull.Value, (object?)closing.By.Audit.UserId ?? DBNull.Value);
        return id;
    }

    private sealed record CaseRow(QueueItem Item, DateTimeOffset? ResolvedAt);

    private static async Task<List<CaseRow>> ReadCasesAsync(NpgsqlCommand cmd)
    {
        var rows = new List<CaseRow>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            ModerationNames.TryParseTarget(r.GetString(1), out var type);
            var latest = JsonSerializer.Deserialize<List<ReportExcerpt>>(r.GetString(18), SnapshotJson)!;
            var item = new QueueItem(r.GetGuid(0), type, r.GetGuid(2), r.GetString(3), r.GetDouble(4), r.GetInt32(5), r.GetInt32(6),
                r.GetFieldValue<string[]>(7), r.GetFieldValue<string[]>(8), r.GetBoolean(9),
                latest, r.IsDBNull(10) ? null : JsonSerializer.Deserialize<ModeratedItem>(r.GetString(10), SnapshotJson),
                r.GetGuid(11), r.IsDBNull(12) ? null : r.GetString(12), r.GetInt32(13),
                r.IsDBNull(14) ? null : r.GetGuid(14), r.IsDBNull(15) ? null : r.GetFieldValue<DateTimeOffset>(15),
                r.GetFieldValue<DateTimeOffset>(16), r.IsDBNull(17) ? null : r.GetString(17));
            rows.Add(new CaseRow(item, r.IsDBNull(19) ? null : r.GetFieldValue<DateTimeOffset>(19)));
        }
        return rows;
    }
}
