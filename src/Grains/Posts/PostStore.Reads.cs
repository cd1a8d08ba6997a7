using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Posts;

/// <summary>The facts of a post that decide whether and where it enters a feed.</summary>
public sealed record PostFeedFacts(Guid AuthorId, string Visibility, DateTimeOffset CreatedAt, bool Deleted, bool Hidden = false);

/// <summary>A post's author, creation time and hashtags (lower case).</summary>
public sealed record PostTagFacts(Guid AuthorId, DateTimeOffset CreatedAt, IReadOnlyList<string> Tags);

/// <summary>Reads of the posts table that other domains ask for, named for what they read.</summary>
public sealed partial class PostStore
{
    /// <summary>The post's row as it is now (the feeds' fan-out decides by it, whatever order events came in); null when there is none.</summary>
    public async Task<PostFeedFacts?> FeedFactsAsync(Guid id)
    {
        await using var cmd = await PreparedCommand.OpenAsync(prepared,
            "SELECT author_id, visibility, created_at, deleted_at IS NOT NULL, moderation IS NOT NULL FROM posts WHERE id = $1", id);
        await using var r = await cmd.Command.ExecuteReaderAsync();
        if (!await r.ReadAsync()) return null;
        return new PostFeedFacts(r.GetGuid(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2), r.GetBoolean(3), r.GetBoolean(4));
    }

    /// <summary>Who posted it, when, and its hashtags (trending counts accounts per tag); null when the post is gone.</summary>
    public async Task<PostTagFacts?> TagFactsAsync(Guid id)
    {
        await using var cmd = await PreparedCommand.OpenAsync(prepared, """
            SELECT p.author_id, p.created_at, coalesce(array_agg(t.tag) FILTER (WHERE t.tag IS NOT NULL), '{}')
            FROM posts p LEFT JOIN post_tags t ON t.post_id = p.id
            WHERE p.id = $1 AND p.deleted_at IS NULL
            GROUP BY p.id
            """, id);
        await using var r = await cmd.Command.ExecuteReaderAsync();
        if (!await r.ReadAsync()) return null;
        return new PostTagFacts(r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1), r.GetFieldValue<string[]>(2));
    }
}
