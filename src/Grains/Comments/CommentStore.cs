using Npgsql;
using SocialFlow.Grains.Engagement;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Comments;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Moderation;
using SocialFlow.Grains.Posts;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.Comments;

/// <summary>A comment row as the write paths need it.</summary>
public sealed record CommentRow(Guid Id, Guid ItemId, Guid? ParentId, int Depth, Guid AuthorId, bool Deleted, ContentModeration Moderation,
    string Text, DateTimeOffset CreatedAt);

/// <summary>
/// The SQL of comments. Each write is one transaction that also moves the item's content_counters.comments, so the
/// comment and its count commit together. Locks are taken child first, then parent, then the counter row. Only
/// comments others can see are counted (in the item's count and their parent's reply_count): a held or removed one
/// is uncounted when moderation hides it and counted again when it is shown.
/// </summary>
public sealed class CommentStore(NpgsqlDataSource db)
{
    private const string Columns = """
        c.id, c.item_id, c.parent_id, c.in_reply_to_id, c.depth, c.author_id, a.username::text, c.text,
        c.deleted_at IS NOT NULL, c.reply_count, c.created_at, c.edited_at, c.sensitive, c.moderation, c.moderation_reason
        """;

    public async Task<CommentRow?> FindAsync(Guid id)
    {
        await using var cmd = db.CreateCommand("""
            SELECT item_id, parent_id, depth, author_id, deleted_at IS NOT NULL, moderation, sensitive, moderation_reason, text, created_at
            FROM comments WHERE id = $1
            """);
        Tx.AddParameters(cmd, id);
        await using var r = await cmd.ExecuteReaderAsync();
        return await r.ReadAsync()
            ? new CommentRow(id, r.GetGuid(0), r.IsDBNull(1) ? null : r.GetGuid(1), r.GetInt16(2), r.GetGuid(3), r.GetBoolean(4),
                Moderation(r, 5, 6, 7), r.GetString(8), r.GetFieldValue<DateTimeOffset>(9))
            : null;
    }

    /// <summary>Inserts the comment under <paramref name="parentId"/> (already resolved to the depth limit) and counts it;
    /// false when the parent is not where the caller found it. The caller checked the target was live; a parent deleted
    /// meanwhile (or a tombstone above a live target at the maximum depth) keeps the reply and stays as a tombstone.</summary>
    public async Task<bool> InsertAsync(Guid id, CommentDraft draft, Guid itemOwnerId, Guid? parentId, Guid? inReplyTo, int depth, DateTimeOffset now,
        ContentModeration moderation, ScreenResult screened)
    {
        await using var tx = await Tx.BeginAsync(db);
        if (parentId is { } parent)
        {
            await using var check = tx.Command("SELECT 1 FROM comments WHERE id = $1 AND item_id = $2 AND depth = $3 FOR UPDATE",
                parent, draft.ItemId, depth - 1);
            if (await check.ExecuteScalarAsync() is null) return false;
        }
        await tx.ExecuteAsync("""
            INSERT INTO comments (id, item_id, item_kind, parent_id, in_reply_to_id, depth, author_id, text, created_at, moderation, moderation_reason)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """, id, draft.ItemId, draft.ItemKind.ToString().ToLowerInvariant(), (object?)parentId ?? DBNull.Value,
            (object?)inReplyTo ?? DBNull.Value, (short)depth, draft.AuthorId, draft.Text, now, Column(moderation), (object?)moderation.Reason ?? DBNull.Value);
        await ModerationFlags.AppendAsync(tx, ModerationTargetType.Comment, id, draft.AuthorId, screened, now);
        if (!moderation.Hidden) await CountAsync(tx, draft.ItemId, parentId, +1);
        // A held comment tells nobody (the notices quote its text); approving it later does not send them.
        if (!moderation.Hidden)
        {
            await EngagementEvents.CommentAddedAsync(tx, draft.ItemId, draft.ItemKind, itemOwnerId, draft.AuthorId, id, inReplyTo ?? parentId,
                PostText.Mentions(draft.Text), draft.Text, now);
        }
        await tx.CommitAsync();
        return true;
    }

    /// <summary>The new text, a hold that screening asked for (a visible comment becomes held, and uncounted; a held or
    /// removed one stays so) and its flag, in one transaction; false when the comment is gone.</summary>
    public async Task<bool> EditAsync(CommentRow row, string text, DateTimeOffset now, ScreenResult screened)
    {
        await using var tx = await Tx.BeginAsync(db);
        var hold = screened.Verdict == ScreenVerdict.Hold;
        await using (var edit = tx.Command("""
            WITH before AS (SELECT moderation FROM comments WHERE id = $1 AND deleted_at IS NULL FOR UPDATE)
            UPDATE comments c SET text = $2, edited_at = $3,
                   moderation_reason = CASE WHEN $4 AND c.moderation IS NULL THEN $5 ELSE c.moderation_reason END,
                   moderation = CASE WHEN $4 AND c.moderation IS NULL THEN 'held' ELSE c.moderation END
            FROM before WHERE c.id = $1
            RETURNING $4 AND before.moderation IS NULL
            """, row.Id, text, now, hold, ContentModeration.AwaitingReview))
        {
            if (await edit.ExecuteScalarAsync() is not bool newlyHeld) return false;
            if (newlyHeld) await CountAsync(tx, row.ItemId, row.ParentId, -1);
        }
        await ModerationFlags.AppendAsync(tx, ModerationTargetType.Comment, row.Id, row.AuthorId, screened, now);
        await tx.CommitAsync();
        return true;
    }

    /// <summary>Sets the comment's standing and sensitive flag with the audit row, and (un)counts it when moderation hides
    /// or shows it, in one transaction.</summary>
    public async Task ModerateAsync(CommentRow row, ContentModeration moderation, AuditActor by, ContentAction action, string? reason)
    {
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("UPDATE comments SET moderation = $2, sensitive = $3, moderation_reason = $4 WHERE id = $1",
            row.Id, Column(moderation), moderation.Sensitive, (object?)moderation.Reason ?? DBNull.Value);
        if (moderation.Hidden != row.Moderation.Hidden) await CountAsync(tx, row.ItemId, row.ParentId, moderation.Hidden ? -1 : +1);
        await ContentAudit.AppendAsync(tx, by, ModerationTargetType.Comment, row.Id, action, reason);
        await tx.CommitAsync();
    }

    /// <summary>Marks the comment deleted (a tombstone with its text cleared) and uncounts it; false when it already was.</summary>
    public async Task<bool> DeleteAsync(Guid id)
    {
        await using var tx = await Tx.BeginAsync(db);
        Guid itemId;
        Guid? parentId;
        bool counted;
        await using (var cmd = tx.Command("""
            UPDATE comments SET deleted_at = now(), text = '' WHERE id = $1 AND deleted_at IS NULL RETURNING item_id, parent_id, moderation IS NULL
            """, id))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            if (!await r.ReadAsync()) return false;
            (itemId, parentId, counted) = (r.GetGuid(0), r.IsDBNull(1) ? null : r.GetGuid(1), r.GetBoolean(2));
        }
        if (counted) await CountAsync(tx, itemId, parentId, -1);
        await tx.CommitAsync();
        return true;
    }

    public async Task<CommentView?> GetAsync(Guid id) =>
        (await QueryAsync($"SELECT {Columns} FROM comments c JOIN accounts a ON a.id = c.author_id WHERE c.id = $1", id)).FirstOrDefault();

    /// <summary>Top-level comments, newest first; tombstones only while they have replies; held or removed ones only for their author; none of suspended authors.</summary>
    public Task<List<CommentView>> ListTopAsync(Guid itemId, Guid? viewerId, PageCursor? before, int count) => QueryAsync($"""
        SELECT {Columns} FROM comments c JOIN accounts a ON a.id = c.author_id
        WHERE c.item_id = $1 AND c.parent_id IS NULL AND (c.deleted_at IS NULL OR c.reply_count > 0) AND ($2::uuid IS NULL OR c.id < $2)
          AND (c.moderation IS NULL OR c.author_id = $4) AND {StandingFilters.NotSuspended}
        ORDER BY c.id DESC LIMIT $3
        """, itemId, (object?)before?.Id ?? DBNull.Value, count, (object?)viewerId ?? DBNull.Value);

    /// <summary>Direct replies, oldest first; held or removed ones only for their author.</summary>
    public Task<List<CommentView>> ListRepliesAsync(Guid parentId, Guid? viewerId, PageCursor? after, int count) => QueryAsync($"""
        SELECT {Columns} FROM comments c JOIN accounts a ON a.id = c.author_id
        WHERE c.parent_id = $1 AND (c.deleted_at IS NULL OR c.reply_count > 0) AND ($2::uuid IS NULL OR c.id > $2)
          AND (c.moderation IS NULL OR c.author_id = $4) AND {StandingFilters.NotSuspended}
        ORDER BY c.id LIMIT $3
        """, parentId, (object?)after?.Id ?? DBNull.Value, count, (object?)viewerId ?? DBNull.Value);

    private static ContentModeration Moderation(NpgsqlDataReader r, int standing, int sensitive, int reason) =>
        new(ContentModerationNames.FromColumn(r.IsDBNull(standing) ? null : r.GetString(standing)), r.GetBoolean(sensitive),
            r.IsDBNull(reason) ? null : r.GetString(reason));

    private static object Column(ContentModeration m) => (object?)ContentModerationNames.Column(m.Standing) ?? DBNull.Value;

    /// <summary>A comment others can see appeared or disappeared: its parent's reply_count, then the item's count.</summary>
    private static async Task CountAsync(Tx tx, Guid itemId, Guid? parentId, int delta)
    {
        if (parentId is { } parent) await tx.ExecuteAsync("UPDATE comments SET reply_count = greatest(reply_count + $2, 0) WHERE id = $1", parent, delta);
        await ContentCounters.AddCommentsAsync(tx, itemId, delta);
    }

    private async Task<List<CommentView>> QueryAsync(string sql, params object[] args)
    {
        await using var cmd = db.CreateCommand(sql);
        Tx.AddParameters(cmd, args);
        var list = new List<CommentView>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var deleted = r.GetBoolean(8);
            var moderation = Moderation(r, 13, 12, 14);
            list.Add(new CommentView(r.GetGuid(0), r.GetGuid(1), r.IsDBNull(2) ? null : r.GetGuid(2), r.IsDBNull(3) ? null : r.GetGuid(3),
                r.GetInt16(4), deleted ? null : r.GetGuid(5), deleted ? null : r.GetString(6), deleted ? null : r.GetString(7), deleted,
                r.GetInt32(9), 0, r.GetFieldValue<DateTimeOffset>(10), r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11),
                moderation.Sensitive, deleted ? null : moderation.Notice));
        }
        return list;
    }
}
