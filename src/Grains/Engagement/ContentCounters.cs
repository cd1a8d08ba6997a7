using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Engagement;

/// <summary>
/// Writes to content_counters that other domains make inside their own transactions: the comment count moves in the
/// same commit as the comment (CommentStore), so it is exact. Likes, bookmarks and views are the group commit's
/// (EngagementBatch).
/// </summary>
public static class ContentCounters
{
    public static Task AddCommentsAsync(Tx tx, Guid itemId, int delta) => tx.ExecuteAsync("""
        INSERT INTO content_counters (content_id, comments) VALUES ($1, greatest($2, 0))
        ON CONFLICT (content_id) DO UPDATE SET comments = greatest(content_counters.comments + $2, 0)
        """, itemId, (long)delta);
}
