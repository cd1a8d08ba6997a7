using SocialFlow.Grains.Interfaces.Feeds;

namespace SocialFlow.Grains.Feeds;

/// <summary>What may enter a feed, as SQL (for rebuilds and pulls) and as a rule on a loaded row (for fan-out).</summary>
public static class FeedItems
{
    public static bool PostFeedable(bool deleted, string visibility) => !deleted && visibility is "public" or "followers";

    public static bool VideoFeedable(bool deleted, string status, string visibility) => !deleted && status == "ready" && visibility == "public";

    /// <summary>
    /// The newest feedable posts and videos of the authors $1 (uuid[]), at most $2 per author and $3 in all, as
    /// (id, kind, author_id, at). Both subqueries walk the authors' own indexes (posts_author, videos_owner).
    /// </summary>
    public const string RecentOfAuthorsSql = """
        SELECT id, kind, author_id, at FROM (
            SELECT p.id, 0::smallint AS kind, p.author_id, p.created_at AS at
            FROM unnest($1::uuid[]) AS a(author_id) CROSS JOIN LATERAL (
                SELECT id, author_id, created_at FROM posts
                WHERE posts.author_id = a.author_id AND deleted_at IS NULL AND visibility IN ('public', 'followers')
                ORDER BY id DESC LIMIT $2) p
            UNION ALL
            SELECT v.id, 1::smallint, v.owner_id, v.ready_at
            FROM unnest($1::uuid[]) AS a(author_id) CROSS JOIN LATERAL (
                SELECT id, owner_id, ready_at FROM videos
                WHERE videos.owner_id = a.author_id AND deleted_at IS NULL AND status = 'ready' AND visibility = 'public'
                ORDER BY created_at DESC LIMIT $2) v
        ) items ORDER BY at DESC, id DESC LIMIT $3
        """;

    /// <summary>Newest first; ties broken by id so cursors are exact.</summary>
    public static int Compare(FeedEntry a, FeedEntry b)
    {
        var byTime = b.At.CompareTo(a.At);
        return byTime != 0 ? byTime : b.ItemId.CompareTo(a.ItemId);
    }

    public static readonly Comparer<FeedEntry> NewestFirst = Comparer<FeedEntry>.Create(Compare);
}
