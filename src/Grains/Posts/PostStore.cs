using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialFlow.Grains.Engagement;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Posts;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Posts;

/// <summary>The SQL of one post: its row, hashtags, mentions and attached images.</summary>
public sealed partial class PostStore(NpgsqlDataSource db, [FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared)
{
    public async Task<PostState?> LoadAsync(Guid id)
    {
        PostState state;
        await using (var cmd = await PreparedCommand.OpenAsync(prepared, """
            SELECT p.author_id, a.username::text, p.text, p.visibility, p.created_at, p.edited_at, p.deleted_at IS NOT NULL,
                   coalesce((SELECT array_agg(t.tag ORDER BY t.tag) FROM post_tags t WHERE t.post_id = p.id), '{}'),
                   p.moderation, p.sensitive, p.moderation_reason
            FROM posts p JOIN accounts a ON a.id = p.author_id WHERE p.id = $1
            """, id))
        await using (var r = await cmd.Command.ExecuteReaderAsync())
        {
            if (!await r.ReadAsync()) return null;
            state = new PostState
            {
                Exists = true,
                AuthorId = r.GetGuid(0),
                AuthorUsername = r.GetString(1),
                Text = r.GetString(2),
                Visibility = Enum.Parse<Visibility>(r.GetString(3), true),
                CreatedAt = r.GetFieldValue<DateTimeOffset>(4),
                EditedAt = r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5),
                Deleted = r.GetBoolean(6),
                Hashtags = [.. r.GetFieldValue<string[]>(7)],
                Moderation = new ContentModeration(ContentModerationNames.FromColumn(r.IsDBNull(8) ? null : r.GetString(8)), r.GetBoolean(9),
                    r.IsDBNull(10) ? null : r.GetString(10)),
            };
        }
        await using (var mentions = await PreparedCommand.OpenAsync(prepared, MentionsSql, id)) state.Mentions = await ReadMentionsAsync(mentions.Command);
        state.Media = await ReadMediaAsync(id);
        return state;
    }

    /// <summary>Inserts the post, its tags and mentions and attaches the images, and its moderation flag when screening found
    /// anything; null when an image is not the author's unattached upload.</summary>
    public async Task<PostState?> InsertAsync(Guid id, Guid authorId, PostDraft draft, IReadOnlyList<string> tags, IReadOnlyList<string> mentions,
        DateTimeOffset now, ContentModeration moderation, ScreenResult screened)
    {
        await using var tx = await Tx.BeginAsync(db);
        string? name;
        await using (var username = tx.Command("SELECT username::text FROM accounts WHERE id = $1", authorId))
        {
            name = await username.ExecuteScalarAsync() as string;
        }
        if (name is null) return null;
        await tx.ExecuteAsync("""
            INSERT INTO posts (id, author_id, text, visibility, created_at, moderation, moderation_reason) VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, id, authorId, draft.Text, Lower(draft.Visibility), now, Column(moderation), (object?)moderation.Reason ?? DBNull.Value);
        await ModerationFlags.AppendAsync(tx, ModerationTargetType.Post, id, authorId, screened, now);
        var state = new PostState
        {
            Exists = true, AuthorId = authorId, AuthorUsername = name, Text = draft.Text, Visibility = draft.Visibility, CreatedAt = now,
            Moderation = moderation,
            Hashtags = await WriteTagsAsync(tx, id, tags),
            Mentions = await WriteMentionsAsync(tx, id, mentions),
        };
        if (draft.MediaIds.Count > 0 && await tx.ExecuteAsync("""
            UPDATE post_media SET post_id = $1, position = array_position($2::uuid[], id)
            WHERE id = ANY($2::uuid[]) AND uploader_id = $3 AND post_id IS NULL AND ad_creative_id IS NULL AND deleted_at IS NULL
            """, id, draft.MediaIds.ToArray(), authorId) != draft.MediaIds.Count)
        {
            return null;
        }
        await EventOutbox.AppendAsync(tx, EventStreams.Posts, id, authorId, EventKinds.Post.Created, new
        {
            post_id = id, author_id = authorId, visibility = Lower(draft.Visibility), created_at = now,
            mentioned_ids = state.Mentions.Select(m => m.UserId).ToArray(), moderation = ContentModerationNames.Column(moderation.Standing),
        });
        // A held post tells nobody: its mentions would show text that others may not see.
        if (!moderation.Hidden) await EngagementEvents.PostMentionsAsync(tx, id, authorId, [.. state.Mentions.Select(m => m.UserId)], draft.Text, now);
        await tx.CommitAsync();
        state.Media = draft.MediaIds.Count > 0 ? await ReadMediaAsync(id) : [];
        return state;
    }

    /// <summary>Writes the new text (with its tags and mentions) and/or visibility, and the updated event; a hold that
    /// screening asked for (<paramref name="held"/>) and its flag in the same transaction.</summary>
    public async Task<(List<string> Tags, List<PostMention> Mentions)?> UpdateAsync(Guid id, string? text, IReadOnlyList<string> tags,
        IReadOnlyList<string> mentions, Visibility? visibility, DateTimeOffset now, ContentModeration? held = null, ScreenResult? screened = null)
    {
        await using var tx = await Tx.BeginAsync(db);
        if (held is not null)
        {
            await tx.ExecuteAsync("UPDATE posts SET moderation = $2, moderation_reason = $3 WHERE id = $1", id, Column(held), (object?)held.Reason ?? DBNull.Value);
        }
        Guid authorId;
        string before, after;
        DateTimeOffset createdAt;
        await using (var cmd = tx.Command("""
            UPDATE posts p SET text = coalesce($2, p.text), visibility = coalesce($3, p.visibility),
                               edited_at = CASE WHEN $2::text IS NULL THEN p.edited_at ELSE $4 END
            FROM posts old WHERE p.id = $1 AND old.id = p.id
            RETURNING p.author_id, old.visibility, p.visibility, p.created_at
            """, id, (object?)text ?? DBNull.Value, visibility is { } v ? Lower(v) : DBNull.Value, now))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            (authorId, before, after, createdAt) = (r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3));
        }
        await EventOutbox.AppendAsync(tx, EventStreams.Posts, id, authorId, EventKinds.Post.Updated, new
        {
            post_id = id, author_id = authorId, visibility = after, created_at = createdAt, visibility_changed = before != after,
            moderation_changed = held is not null,
        });
        if (screened is not null) await ModerationFlags.AppendAsync(tx, ModerationTargetType.Post, id, authorId, screened, now);
        if (text is null)
        {
            await tx.CommitAsync();
            return null;
        }
        await tx.ExecuteAsync("DELETE FROM post_tags WHERE post_id = $1", id);
        await tx.ExecuteAsync("DELETE FROM post_mentions WHERE post_id = $1", id);
        var result = (await WriteTagsAsync(tx, id, tags), await WriteMentionsAsync(tx, id, mentions));
        await tx.CommitAsync();
        return result;
    }

    /// <summary>Leaves a tombstone and returns the storage keys of the images, to delete once this committed.</summary>
    public async Task<List<string>> DeleteAsync(Guid id)
    {
        await using var tx = await Tx.BeginAsync(db);
        await using (var deleted = tx.Command("""
            UPDATE posts SET deleted_at = now(), text = '' WHERE id = $1 AND deleted_at IS NULL RETURNING author_id, visibility, created_at
            """, id))
        {
            (Guid Author, string Visibility, DateTimeOffset CreatedAt)? row = null;
            await using (var r = await deleted.ExecuteReaderAsync())
            {
                if (await r.ReadAsync()) row = (r.GetGuid(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2));
            }
            if (row is { } d)
            {
                await EventOutbox.AppendAsync(tx, EventStreams.Posts, id, d.Author, EventKinds.Post.Deleted,
                    new { post_id = id, author_id = d.Author, visibility = d.Visibility, created_at = d.CreatedAt });
            }
        }
        await tx.ExecuteAsync("DELETE FROM post_tags WHERE post_id = $1", id);
        await tx.ExecuteAsync("DELETE FROM post_mentions WHERE post_id = $1", id);
        var keys = new List<string>();
        await using (var media = tx.Command("UPDATE post_media SET deleted_at = now() WHERE post_id = $1 AND deleted_at IS NULL RETURNING storage_key", id))
        await using (var r = await media.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) keys.Add(r.GetString(0));
        }
        await tx.CommitAsync();
        return keys;
    }

    private static async Task<List<string>> WriteTagsAsync(Tx tx, Guid id, IReadOnlyList<string> tags)
    {
        if (tags.Count == 0) return [];
        await tx.ExecuteAsync("INSERT INTO post_tags (tag, post_id) SELECT unnest($2::text[]), $1 ON CONFLICT DO NOTHING", id, tags.ToArray());
        return [.. tags.Order(StringComparer.Ordinal)];
    }

    /// <summary>Only usernames of existing accounts become mentions, and not those of accounts that block the author or
    /// that the author blocks: such a mention is dropped (the text stays as written; nobody is linked or told).</summary>
    private static async Task<List<PostMention>> WriteMentionsAsync(Tx tx, Guid id, IReadOnlyList<string> usernames)
    {
        if (usernames.Count == 0) return [];
        await tx.ExecuteAsync("""
            INSERT INTO post_mentions (post_id, user_id)
            SELECT $1, a.id FROM accounts a JOIN posts p ON p.id = $1
            WHERE a.username = ANY($2::citext[])
              AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = a.id AND b.blocked_id = p.author_id)
                                                     OR (b.blocker_id = p.author_id AND b.blocked_id = a.id))
            ON CONFLICT DO NOTHING
            """, id, usernames.ToArray());
        await using var cmd = tx.Command(MentionsSql, id);
        return await ReadMentionsAsync(cmd);
    }

    private const string MentionsSql = """
        SELECT a.id, a.username::text FROM post_mentions m JOIN accounts a ON a.id = m.user_id
        WHERE m.post_id = $1 ORDER BY a.username
        """;

    private static async Task<List<PostMention>> ReadMentionsAsync(NpgsqlCommand cmd)
    {
        var list = new List<PostMention>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(new PostMention(r.GetGuid(0), r.GetString(1)));
        return list;
    }

    private async Task<List<PostImage>> ReadMediaAsync(Guid id)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id, content_type, width, height FROM post_media WHERE post_id = $1 AND deleted_at IS NULL ORDER BY position
            """);
        Tx.AddParameters(cmd, id);
        var list = new List<PostImage>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(new PostImage(r.GetGuid(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3)));
        return list;
    }

    /// <summary>Sets the post's standing and sensitive flag, with its updated event (so feeds re-read it) and the audit row.</summary>
    public async Task ModerateAsync(Guid id, ContentModeration moderation, AuditActor by, ContentAction action, string? reason, DateTimeOffset now)
    {
        await using var tx = await Tx.BeginAsync(db);
        Guid authorId;
        string visibility;
        DateTimeOffset createdAt;
        await using (var cmd = tx.Command("""
            UPDATE posts SET moderation = $2, sensitive = $3, moderation_reason = $4 WHERE id = $1 RETURNING author_id, visibility, created_at
            """, id, Column(moderation), moderation.Sensitive, (object?)moderation.Reason ?? DBNull.Value))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            (authorId, visibility, createdAt) = (r.GetGuid(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2));
        }
        await EventOutbox.AppendAsync(tx, EventStreams.Posts, id, authorId, EventKinds.Post.Updated, new
        {
            post_id = id, author_id = authorId, visibility, created_at = createdAt, visibility_changed = false, moderation_changed = true, at = now,
        });
        await ContentAudit.AppendAsync(tx, by, ModerationTargetType.Post, id, action, reason);
        await tx.CommitAsync();
    }

    private static object Column(ContentModeration m) => (object?)ContentModerationNames.Column(m.Standing) ?? DBNull.Value;

    private static string Lower(Visibility v) => v.ToString().ToLowerInvariant();
}
