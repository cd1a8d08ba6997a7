using SocialFlow.Grains.Infrastructure;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Posts;

/// <summary>The facts of a post that decide whether and where it enters a feed.</summary>
public sealed record PostFeedFacts(Guid AuthorId, string Visibility, DateTimeOffset CreatedAt, bool Deleted, bool Hidden = false);

/// <summary>A post's author, creation time and hashtags (lower case).</summary>
public sealed record PostTagFacts(Guid AuthorId, DateTimeOffset CreatedAt, IReadOnlyList<string> Tags);

/// <summary>
/// Reads of the posts table that other domains ask for, named for what they read. The event handlers ask them for every
/// post event, so each is a group read: one statement for the posts asked about meanwhile.
/// </summary>
public sealed partial class PostStore
{
    private readonly GroupReader<Guid, PostFeedFacts> _feedFacts = new(ids => PreparedCommand.ReadByIdAsync(prepared,
        "SELECT id, author_id, visibility, created_at, deleted_at IS NOT NULL, moderation IS NOT NULL FROM posts WHERE id = ANY ($1)", ids,
        r => new PostFeedFacts(r.GetGuid(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3), r.GetBoolean(4), r.GetBoolean(5))));

    private readonly GroupReader<Guid, PostTagFacts> _tagFacts = new(ids => PreparedCommand.ReadByIdAsync(prepared, """
        SELECT p.id, p.author_id, p.created_at, coalesce(array_agg(t.tag) FILTER (WHERE t.tag IS NOT NULL), '{}')
        FROM posts p LEFT JOIN post_tags t ON t.post_id = p.id
        WHERE p.id = ANY ($1) AND p.deleted_at IS NULL
        GROUP BY p.id
        """, ids, r => new PostTagFacts(r.GetGuid(1), r.GetFieldValue<DateTimeOffset>(2), r.GetFieldValue<string[]>(3))));

    /// <summary>The post's row as it is now (the feeds' fan-out decides by it, whatever order events came in); null when there is none.</summary>
    public Task<PostFeedFacts?> FeedFactsAsync(Guid id) => _feedFacts.ReadAsync(id);

    /// <summary>Who posted it, when, and its hashtags (trending counts accounts per tag); null when the post is gone.</summary>
    public Task<PostTagFacts?> TagFactsAsync(Guid id) => _tagFacts.ReadAsync(id);
}
