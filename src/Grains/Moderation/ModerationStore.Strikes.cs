using Npgsql;
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

    public async Task<StrikePage> StrikesOfAsync(Guid accountId, PageCursor? after, int limit, TimeSpan appealWindow)
    {
        await using var cmd = db.CreateCommand($"{StrikeSelect} WHERE s.account_id = $1 AND ($2::uuid IS NULL OR s.id < $2) ORDER BY s.id DESC LIMIT $3");
        Tx.AddParameters(cmd, accountId, (object?)after?.Id ?? DBNull.Value, limit + 1);
        var rows = await ReadStrikesAsync(cmd, appealWindow);
        return rows.Count > limit ? new StrikePage(rows[..limit], PageCursor.AfterId(rows[limit - 1].Id)) : new StrikePage(rows, null);
    }

    public async Task<(StrikeView View, Guid AccountId)?> StrikeAsync(Guid strikeId, TimeSpan appealWindow)
    {
        await using var cmd = db.CreateCommand($"{StrikeSelect} WHERE s.id = $1");
        cmd.Parameters.Add(new() { Value = strikeId });
        await using var r = await cmd.ExecuteReaderAsync();
        return await r.ReadAsync() ? (ReadStrike(r, appealWindow), r.GetGuid(15)) : null;
    }

    public async Task<int> StrikeCountAsync(Guid accountId)
    {
        await using var cmd = db.CreateCommand("SELECT count(*)::int FROM strikes WHERE account_id = $1 AND reversed_at IS NULL");
        cmd.Parameters.Add(new() { Value = accountId });
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task<IReadOnlyDictionary<Guid, int>> StrikeCountsAsync(IReadOnlyList<Guid> accountIds)
    {
        await using var cmd = db.CreateCommand("""
            SELECT account_id, count(*)::int FROM strikes WHERE account_id = ANY ($1) AND reversed_at IS NULL GROUP BY account_id
            """);
        cmd.Parameters.Add(new() { Value = accountIds.ToArray() });
        var counts = new Dictionary<Guid, int>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) counts[r.GetGuid(0)] = r.GetInt32(1);
        return counts;
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

    /// <summary>Files the strike's one appeal; false when it has one already.</summary>
    public async Task<bool> InsertAppealAsync(Guid strikeId, Guid accountId, string text)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO appeals (strike_id, id, account_id, text) VALUES ($1, $2, $3, $4) ON CONFLICT (strike_id) DO NOTHING
            """);
        Tx.AddParameters(cmd, strikeId, Guid.CreateVersion7(), accountId, text);
        return await cmd.ExecuteNonQueryAsync() == 1;
    }

    public async Task<AppealPage> PendingAppealsAsync(PageCursor? after, int limit, TimeSpan appealWindow)
    {
        await using var cmd = db.CreateCommand($"""
            {StrikeSelect} WHERE p.status = 'pending' AND ($1::uuid IS NULL OR p.id > $1) ORDER BY p.id LIMIT $2
            """);
        Tx.AddParameters(cmd, (object?)after?.Id ?? DBNull.Value, limit + 1);
        var strikes = await ReadStrikesAsync(cmd, appealWindow);
        var appeals = strikes.Select(s => s.Appeal! with { Strike = s with { Appeal = null } }).ToList();
        return appeals.Count > limit ? new AppealPage(appeals[..limit], PageCursor.AfterId(appeals[limit - 1].Id)) : new AppealPage(appeals, null);
    }

    public async Task<AppealView?> AppealAsync(Guid appealId, TimeSpan appealWindow)
    {
        await using var cmd = db.CreateCommand($"{StrikeSelect} WHERE p.id = $1");
        cmd.Parameters.Add(new() { Value = appealId });
        var strike = (await ReadStrikesAsync(cmd, appealWindow)).SingleOrDefault();
        return strike?.Appeal! with { Strike = strike with { Appeal = null } };
    }

    /// <summary>
    /// Decides a pending appeal: its status, the strike reversed when approved, the audit row and the event, in one
    /// transaction. False when the appeal was decided meanwhile.
    /// </summary>
    public async Task<bool> DecideAppealAsync(AppealView appeal, Moderator by, bool approve, string reason)
    {
        await using var tx = await Tx.BeginAsync(db);
        var decided = await tx.ExecuteAsync("""
            UPDATE appeals SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4 WHERE id = $1 AND status = 'pending'
            """, appeal.Id, approve ? "approved" : "rejected", by.Id, reason);
        if (decided == 0) return false;
        if (approve) await tx.ExecuteAsync("UPDATE strikes SET reversed_at = now() WHERE id = $1", appeal.StrikeId);
        await AuditLog.AppendAsync(tx, new AuditEntry(by.Audit, AuditActions.AppealDecided, "strike", appeal.StrikeId.ToString(), reason,
            new { appeal_id = appeal.Id, account_id = appeal.AccountId, approved = approve }));
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

    private static async Task<List<StrikeView>> ReadStrikesAsync(NpgsqlCommand cmd, TimeSpan appealWindow)
    {
        var rows = new List<StrikeView>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add(ReadStrike(r, appealWindow));
        return rows;
    }

    private static StrikeView ReadStrike(NpgsqlDataReader r, TimeSpan appealWindow)
    {
        ModerationNames.TryParseTarget(r.GetString(3), out var type);
        var created = r.GetFieldValue<DateTimeOffset>(6);
        var appeal = r.IsDBNull(8) ? null : new AppealView(r.GetGuid(8), r.GetGuid(0), r.GetGuid(9), r.GetString(10), r.GetString(11),
            r.GetFieldValue<DateTimeOffset>(12), r.IsDBNull(13) ? null : r.GetFieldValue<DateTimeOffset>(13), r.IsDBNull(14) ? null : r.GetString(14));
        return new StrikeView(r.GetGuid(0), r.GetString(1), r.GetString(2), type, r.GetGuid(4),
            r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5), created, created + appealWindow, r.GetBoolean(7), appeal);
    }
}
