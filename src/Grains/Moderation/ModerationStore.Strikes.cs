using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Moderation;

/// <summary>Strikes outside cases, and appeals.</summary>
public sealed partial class ModerationStore
{
    private const string StrikeSelect = """
        SELECT s.id, s.action, s.reason, s.target_type, s.target_id, s.until, s.created_at, s.reversed_at IS NOT NULL,
               p.id, p.account_id, p.text, p.status, p.created_at, p.decided_at, p.decision_reason, s.account_id
        FROM strikes s LEFT JOIN appeals p ON p.strike_id = s.id
        """;

    /// <summary>A strike without a case (an admin's ban or unban of an account), with its event, in one transaction.</summary>
    public async Task<Guid> StrikeAccountAsync(Guid accountId, Closing closing)
    {
        await using var tx = await Tx.BeginAsync(db);
        var id = await InsertStrikeAsync(tx, accountId, null, ModerationNames.Of(ModerationTargetType.User), accountId, closing);
        await EventOutbox.AppendAsync(tx, EventStreams.Moderation, id, closing.By.Id, EventKinds.Moderation.Struck, new
        {
            strike_id = id,
            account_id = accountId,
            action = CaseActions.Name(closing.Action),
            reason = closing.Reason,
            until = closing.Until,
            at = DateTimeOffset.UtcNow,
        });
        await tx.CommitAsync();
        return id;
    }

    public async Task<StrikePage> StrikesOfAsync(Guid accountId, PageCursor? after, int limit)
    {
        await using var cmd = db.CreateCommand($"{StrikeSelect} WHERE s.account_id = $1 AND ($2::uuid IS NULL OR s.id < $2) ORDER BY s.id DESC LIMIT $3");
        Tx.AddParameters(cmd, accountId, (object?)after?.Id ?? DBNull.Value, limit + 1);
        var rows = await ReadStrikesAsync(cmd);
        return rows.Count > limit ? new StrikePage(rows[..limit], PageCursor.AfterId(rows[limit - 1].Id)) : new StrikePage(rows, null);
    }

    public async Task<(StrikeView View, Guid AccountId)?> StrikeAsync(Guid strikeId)
    {
        await using var cmd = db.CreateCommand($"{StrikeSelect} WHERE s.id = $1");
        cmd.Parameters.Add(new() { Value = strikeId });
        await using var r = await cmd.ExecuteReaderAsync();
        return await r.ReadAsync() ? (ReadStrike(r), r.GetGuid(15)) : null;
    }

    public async Task<ModerationRecord> RecordOfAsync(Guid accountId)
    {
        await using var cmd = db.CreateCommand("""
            SELECT (SELECT count(*)::int FROM strikes WHERE account_id = $1 AND reversed_at IS NULL),
                   (SELECT count(*)::int FROM reports r JOIN moderation_cases c ON c.id = r.case_id WHERE c.owner_id = $1),
                   (SELECT count(*)::int FROM reports WHERE reporter_id = $1)
            """);
        cmd.Parameters.Add(new() { Value = accountId });
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return new ModerationRecord(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2));
    }

    /// <summary>
    /// Files the strike's one appeal and opens its queue item (whose id is the appeal's), in one transaction; false when
    /// the strike has an appeal already. The item shows the struck item and the appeal's text as its latest "report".
    /// </summary>
    public async Task<bool> InsertAppealAsync(Guid strikeId, Guid accountId, string text, ModeratedItem? struck)
    {
        var id = Guid.CreateVersion7();
        await using var tx = await Tx.BeginAsync(db);
        if (await tx.ExecuteAsync("""
            INSERT INTO appeals (strike_id, id, account_id, text) VALUES ($1, $2, $3, $4) ON CONFLICT (strike_id) DO NOTHING
            """, strikeId, id, accountId, text) == 0)
        {
            return false;
        }
        await using (var open = tx.Command("""
            INSERT INTO moderation_cases (id, target_type, target_id, owner_id, weight, reach, priority, snapshot, latest_reports)
            VALUES ($1, 'appeal', $1, $2, $3, $4, moderation_priority($3, 0, 0, $4), $5,
                    jsonb_build_array(jsonb_build_object('reason', 'appeal', 'text', $6::text, 'createdAt', now())))
            """, id, accountId, AppealWeight, struck?.Reach ?? 0L))
        {
            open.Parameters.Add(new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = struck is null ? DBNull.Value : JsonSerializer.Serialize(struck, SnapshotJson) });
            open.Parameters.Add(new() { Value = text });
            await open.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
        return true;
    }

    // An appeal weighs like two new reporters' harassment reports: it is somebody's account at stake, and it waits.
    private const double AppealWeight = 3;

    public async Task<AppealPage> PendingAppealsAsync(PageCursor? after, int limit)
    {
        await using var cmd = db.CreateCommand($"""
            {StrikeSelect} WHERE p.status = 'pending' AND ($1::uuid IS NULL OR p.id > $1) ORDER BY p.id LIMIT $2
            """);
        Tx.AddParameters(cmd, (object?)after?.Id ?? DBNull.Value, limit + 1);
        var strikes = await ReadStrikesAsync(cmd);
        var appeals = strikes.Select(s => s.Appeal! with { Strike = s with { Appeal = null } }).ToList();
        return appeals.Count > limit ? new AppealPage(appeals[..limit], PageCursor.AfterId(appeals[limit - 1].Id)) : new AppealPage(appeals, null);
    }

    /// <summary>
    /// Decides a pending appeal from its queue item: the item closed (only while the decider holds or may take its
    /// claim), the appeal's status, the strike reversed when approved, the audit row and the event, in one transaction.
    /// False when it was decided or claimed by someone else meanwhile.
    /// </summary>
    public async Task<bool> DecideAppealAsync(QueueItem item, Moderator by, bool approve, string reason, string? note)
    {
        var appeal = item.Appeal!;
        await using var tx = await Tx.BeginAsync(db);
        var closed = await tx.ExecuteAsync("""
            UPDATE moderation_cases SET status = 'resolved', resolved_at = now(), resolved_by = $2, action = $3,
                   resolution_reason = $4, note = $5, claimed_by = NULL, claimed_until = NULL
            WHERE id = $1 AND status = 'open' AND (claimed_by IS NULL OR claimed_by = $2 OR claimed_until <= now())
            """, item.Id, by.Id, approve ? "approve" : "dismiss", reason, (object?)note ?? DBNull.Value);
        var decided = closed == 1 && await tx.ExecuteAsync("""
            UPDATE appeals SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4 WHERE id = $1 AND status = 'pending'
            """, appeal.Id, approve ? "approved" : "rejected", by.Id, reason) == 1;
        if (!decided) return false;
        if (approve) await tx.ExecuteAsync("UPDATE strikes SET reversed_at = now() WHERE id = $1", appeal.StrikeId);
        await AuditLog.AppendAsync(tx, new AuditEntry(by.Audit, AuditActions.AppealDecided, "strike", appeal.StrikeId.ToString(), reason,
            new { appeal_id = appeal.Id, account_id = appeal.AccountId, approved = approve, note }));
        await EventOutbox.AppendAsync(tx, EventStreams.Moderation, appeal.Id, by.Id, EventKinds.Moderation.AppealDecided, new
        {
            appeal_id = appeal.Id,
            strike_id = appeal.StrikeId,
            account_id = appeal.AccountId,
            approved = approve,
            reason,
            at = DateTimeOffset.UtcNow,
        });
        await tx.CommitAsync();
        return true;
    }

    /// <summary>Each appeal of the list (by id), with its strike.</summary>
    private async Task<Dictionary<Guid, AppealView>> AppealsAsync(IReadOnlyList<Guid> appealIds)
    {
        await using var cmd = db.CreateCommand($"{StrikeSelect} WHERE p.id = ANY ($1)");
        cmd.Parameters.Add(new() { Value = appealIds.ToArray() });
        return (await ReadStrikesAsync(cmd)).ToDictionary(s => s.Appeal!.Id, s => s.Appeal! with { Strike = s with { Appeal = null } });
    }

    private async Task<List<StrikeView>> ReadStrikesAsync(NpgsqlCommand cmd)
    {
        var rows = new List<StrikeView>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add(ReadStrike(r));
        return rows;
    }

    private StrikeView ReadStrike(NpgsqlDataReader r)
    {
        ModerationNames.TryParseTarget(r.GetString(3), out var type);
        var created = r.GetFieldValue<DateTimeOffset>(6);
        var appeal = r.IsDBNull(8) ? null : new AppealView(r.GetGuid(8), r.GetGuid(0), r.GetGuid(9), r.GetString(10), r.GetString(11),
            r.GetFieldValue<DateTimeOffset>(12), r.IsDBNull(13) ? null : r.GetFieldValue<DateTimeOffset>(13), r.IsDBNull(14) ? null : r.GetString(14));
        return new StrikeView(r.GetGuid(0), r.GetString(1), r.GetString(2), type, r.GetGuid(4),
            r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5), created, created + AppealWindow, r.GetBoolean(7), appeal);
    }
}
