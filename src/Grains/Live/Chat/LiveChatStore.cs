using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Live.Chat;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Live.Chat;

/// <summary>A room's rows as loaded on activation.</summary>
public sealed record RoomRecord(
    ChatSettings Settings, HashSet<Guid> Moderators, Dictionary<Guid, DateTimeOffset?> Sanctions, List<ChatMessage> Recent,
    int PeakViewers, double ViewerSeconds, List<ChatMessage> Pinned);

/// <summary>The live chat tables (migrations 0085, 0093, 0124); paid messages' parts in <c>.Tips.cs</c>.</summary>
public sealed partial class LiveChatStore(NpgsqlDataSource db)
{
    private const string MessageColumns =
        "m.id, m.stream_id, m.user_id, a.username, m.text, m.sent_at, m.badge_tier, m.badge_rank, m.tip_amount, m.tip_currency, m.pinned_until";

    public async Task<RoomRecord> LoadAsync(Guid streamId, int recent, DateTimeOffset now)
    {
        await using var batch = db.CreateBatch();
        Add(batch, "SELECT slow_mode_seconds, followers_only FROM live_chat_settings WHERE stream_id = $1", streamId);
        Add(batch, "SELECT user_id FROM live_chat_moderators WHERE stream_id = $1", streamId);
        Add(batch, "SELECT user_id, until FROM live_chat_sanctions WHERE stream_id = $1", streamId);
        Add(batch, $"""
            SELECT * FROM (SELECT {MessageColumns} FROM live_chat_messages m JOIN accounts a ON a.id = m.user_id
                           WHERE m.stream_id = $1 AND m.deleted_at IS NULL AND NOT m.held ORDER BY m.sent_at DESC, m.id DESC LIMIT $2) last
            ORDER BY sent_at, id
            """, streamId, recent);
        Add(batch, "SELECT peak_viewers, viewer_seconds FROM live_stream_stats WHERE stream_id = $1", streamId);
        Add(batch, $"""
            SELECT {MessageColumns} FROM live_chat_messages m JOIN accounts a ON a.id = m.user_id
            WHERE m.stream_id = $1 AND m.pinned_until > $2 AND m.deleted_at IS NULL AND NOT m.held ORDER BY m.sent_at, m.id
            """, streamId, now);
        await using var r = await batch.ExecuteReaderAsync();
        var settings = await r.ReadAsync() ? new ChatSettings(r.GetInt32(0), r.GetBoolean(1)) : ChatSettings.Default;
        await r.NextResultAsync();
        var moderators = new HashSet<Guid>();
        while (await r.ReadAsync()) moderators.Add(r.GetGuid(0));
        await r.NextResultAsync();
        var sanctions = new Dictionary<Guid, DateTimeOffset?>();
        while (await r.ReadAsync()) sanctions[r.GetGuid(0)] = r.IsDBNull(1) ? null : r.GetFieldValue<DateTimeOffset>(1);
        await r.NextResultAsync();
        var messages = new List<ChatMessage>();
        while (await r.ReadAsync()) messages.Add(ReadMessage(r));
        await r.NextResultAsync();
        var (peak, viewerSeconds) = await r.ReadAsync() ? (r.GetInt32(0), r.GetDouble(1)) : (0, 0d);
        await r.NextResultAsync();
        var pinned = new List<ChatMessage>();
        while (await r.ReadAsync()) pinned.Add(ReadMessage(r));
        return new RoomRecord(settings, moderators, sanctions, messages, peak, viewerSeconds, pinned);
    }

    private const string InsertSql = """
        INSERT INTO live_chat_messages (id, stream_id, user_id, text, sent_at, held, badge_tier, badge_rank)
        SELECT id, $1, user_id, text, sent_at, held, badge_tier, badge_rank
        FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::boolean[], $7::text[], $8::integer[])
             AS m(id, user_id, text, sent_at, held, badge_tier, badge_rank)
        """;

    /// <summary>One statement for a whole batch of sends; a batch with messages that watched words matched also writes their
    /// moderation/flagged events, in the same transaction (<paramref name="screened"/>: null for a clean message).</summary>
    public async Task InsertAsync(Guid streamId, IReadOnlyList<ChatMessage> messages, Func<Guid, ScreenResult?> screened)
    {
        var results = messages.Select(m => screened(m.Id)).ToArray();
        object[] args = [streamId, messages.Select(m => m.Id).ToArray(), messages.Select(m => m.UserId).ToArray(),
            messages.Select(m => m.Text).ToArray(), messages.Select(m => m.SentAt).ToArray(),
            results.Select(r => r?.Verdict == ScreenVerdict.Hold).ToArray(), messages.Select(m => m.Badge?.Tier).ToArray(),
            messages.Select(m => m.Badge?.Rank).ToArray()];
        if (results.All(r => r is null))
        {
            await using var cmd = db.CreateCommand(InsertSql);
            Tx.AddParameters(cmd, args);
            await cmd.ExecuteNonQueryAsync();
            return;
        }
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync(InsertSql, args);
        for (var i = 0; i < messages.Count; i++)
        {
            if (results[i] is { } result) await ModerationFlags.AppendAsync(tx, ModerationTargetType.ChatMessage, messages[i].Id, messages[i].UserId, result, messages[i].SentAt);
        }
        await tx.CommitAsync();
    }

    /// <summary>A message with its standing (deleted: removed), for moderation; null when there is none.</summary>
    public async Task<(ChatMessage Message, ContentStanding Standing)?> FindMessageAsync(Guid messageId)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT {MessageColumns}, m.deleted_at IS NOT NULL, m.held FROM live_chat_messages m JOIN accounts a ON a.id = m.user_id WHERE m.id = $1
            """);
        Tx.AddParameters(cmd, messageId);
        await using var r = await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync()) return null;
        return (ReadMessage(r), r.GetBoolean(11) ? ContentStanding.Removed : r.GetBoolean(12) ? ContentStanding.Held : ContentStanding.Visible);
    }

    public async Task<Guid?> StreamOfMessageAsync(Guid messageId)
    {
        await using var cmd = db.CreateCommand("SELECT stream_id FROM live_chat_messages WHERE id = $1");
        Tx.AddParameters(cmd, messageId);
        return await cmd.ExecuteScalarAsync() is Guid id ? id : null;
    }

    /// <summary>A moderator's change of a message's standing (removed: deleted by them), with its audit row, in one transaction.</summary>
    public async Task SetMessageStandingAsync(Guid messageId, ContentStanding standing, AuditActor by, ContentAction action, string? reason, DateTimeOffset at)
    {
        await using var tx = await Tx.BeginAsync(db);
        var removed = standing == ContentStanding.Removed;
        await tx.ExecuteAsync("""
            UPDATE live_chat_messages SET held = $2,
                   deleted_at = CASE WHEN $3 THEN coalesce(deleted_at, $4) END,
                   deleted_by = CASE WHEN $3 THEN coalesce(deleted_by, $5) END
            WHERE id = $1
            """, messageId, standing == ContentStanding.Held, removed, at, (object?)by.UserId ?? DBNull.Value);
        await ContentAudit.AppendAsync(tx, by, ModerationTargetType.ChatMessage, messageId, action, reason);
        await tx.CommitAsync();
    }

    /// <summary>Oldest first after the cursor (keyset on sent_at, id), without deleted messages.</summary>
    public async Task<List<ChatMessage>> PageAsync(Guid streamId, PageCursor? after, int count)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT {MessageColumns} FROM live_chat_messages m JOIN accounts a ON a.id = m.user_id
            WHERE m.stream_id = $1 AND m.deleted_at IS NULL AND NOT m.held AND ($2::timestamptz IS NULL OR (m.sent_at, m.id) > ($2, $3))
            ORDER BY m.sent_at, m.id LIMIT $4
            """);
        Tx.AddParameters(cmd, streamId, (object?)after?.At ?? DBNull.Value, (object?)after?.Id ?? DBNull.Value, count);
        var messages = new List<ChatMessage>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) messages.Add(ReadMessage(r));
        return messages;
    }

    /// <summary>False when the stream has no such message. Deleting twice keeps the first deletion.</summary>
    public async Task<bool> MarkDeletedAsync(Guid streamId, Guid messageId, Guid by, DateTimeOffset at)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE live_chat_messages SET deleted_at = COALESCE(deleted_at, $3), deleted_by = COALESCE(deleted_by, $4)
            WHERE id = $1 AND stream_id = $2
            """);
        Tx.AddParameters(cmd, messageId, streamId, at, by);
        return await cmd.ExecuteNonQueryAsync() == 1;
    }

    public Task SaveSettingsAsync(Guid streamId, ChatSettings s) => ExecuteAsync("""
        INSERT INTO live_chat_settings (stream_id, slow_mode_seconds, followers_only) VALUES ($1, $2, $3)
        ON CONFLICT (stream_id) DO UPDATE SET slow_mode_seconds = excluded.slow_mode_seconds, followers_only = excluded.followers_only
        """, streamId, s.SlowModeSeconds, s.FollowersOnly);

    public Task SetModeratorAsync(Guid streamId, Guid userId, bool moderator) => moderator
        ? ExecuteAsync("INSERT INTO live_chat_moderators (stream_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", streamId, userId)
        : ExecuteAsync("DELETE FROM live_chat_moderators WHERE stream_id = $1 AND user_id = $2", streamId, userId);

    /// <summary>until null bans; a ban also ends a moderator's appointment (in one transaction).</summary>
    public async Task SanctionAsync(Guid streamId, Guid userId, DateTimeOffset? until)
    {
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("""
            INSERT INTO live_chat_sanctions (stream_id, user_id, until) VALUES ($1, $2, $3)
            ON CONFLICT (stream_id, user_id) DO UPDATE SET until = excluded.until
            """, streamId, userId, (object?)until ?? DBNull.Value);
        if (until is null) await tx.ExecuteAsync("DELETE FROM live_chat_moderators WHERE stream_id = $1 AND user_id = $2", streamId, userId);
        await tx.CommitAsync();
    }

    public Task LiftSanctionAsync(Guid streamId, Guid userId) =>
        ExecuteAsync("DELETE FROM live_chat_sanctions WHERE stream_id = $1 AND user_id = $2", streamId, userId);

    /// <summary>Saves the audience figures; the chat figures are counted from the messages.</summary>
    public Task SaveStatsAsync(Guid streamId, int peak, double viewerSeconds, double average, DateTimeOffset at) => ExecuteAsync("""
        INSERT INTO live_stream_stats (stream_id, peak_viewers, viewer_seconds, average_viewers, chat_messages, unique_chatters, updated_at)
        SELECT $1, $2, $3, $4, count(*), count(DISTINCT user_id), $5 FROM live_chat_messages WHERE stream_id = $1
        ON CONFLICT (stream_id) DO UPDATE SET peak_viewers = excluded.peak_viewers, viewer_seconds = excluded.viewer_seconds,
            average_viewers = excluded.average_viewers, chat_messages = excluded.chat_messages, unique_chatters = excluded.unique_chatters,
            updated_at = excluded.updated_at
        """, streamId, peak, viewerSeconds, average, at);

    public async Task<(long Messages, long Chatters)> CountAsync(Guid streamId)
    {
        await using var cmd = db.CreateCommand("SELECT count(*), count(DISTINCT user_id) FROM live_chat_messages WHERE stream_id = $1");
        Tx.AddParameters(cmd, streamId);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetInt64(1));
    }

    private static ChatMessage ReadMessage(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5),
            r.IsDBNull(6) ? null : new MemberBadge(r.GetString(6), r.GetInt32(7)),
            r.IsDBNull(8) ? null : new ChatTip(r.GetInt64(8), r.GetString(9), r.IsDBNull(10) ? null : r.GetFieldValue<DateTimeOffset>(10)));

    private static void Add(NpgsqlBatch batch, string sql, params object[] args)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
        batch.BatchCommands.Add(command);
    }

    private async Task ExecuteAsync(string sql, params object[] args)
    {
        await using var cmd = db.CreateCommand(sql);
        Tx.AddParameters(cmd, args);
        await cmd.ExecuteNonQueryAsync();
    }
}
