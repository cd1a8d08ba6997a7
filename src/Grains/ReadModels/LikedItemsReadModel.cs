namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// What a "liked your …" notification shows, as SQL fragments the like projection (LikeNotificationProjector) puts
/// into its one statement per batch of items: the items liked in a time range, each item's owner and kind, the exact
/// number of likes the owner should hear of (less their own and those of accounts hidden from them) and the newest
/// three such likers; and whether an owner has a verified email address to be told at.
/// <para>
/// Reads likes, content and content_counters (Engagement: written by the engagement group commit, EngagementBatch, and
/// ContentStore), accounts.email_verified (Users: written by UserGrain through AccountStore), and mutes and blocks
/// (Social: written by SocialGraphGrain through GraphStore; the rule of <see cref="NotificationAudienceReadModel.HiddenSql"/>,
/// here also counted set-wise). Why a join: likes are the hottest write; they are projected
/// into notifications in rounds, set-based, rather than by an event per like and a grain call per owner. Why it is
/// safe: read only; likes older than the round's horizon are all committed (see LikeNotificationProjector), and the
/// counts are recomputed from the rows each round, so a round run twice writes the same notification.
/// </para>
/// </summary>
public static class LikedItemsReadModel
{
    /// <summary>The items liked at or after $1 and before $2, each once.</summary>
    public const string LikedBetweenSql = "SELECT DISTINCT content_id FROM likes WHERE created_at >= $1 AND created_at < $2";

    /// <summary>The rows (content_id, owner_id, kind, parent_id) of the items that are not deleted, for a CTE <paramref name="ids"/>(content_id).</summary>
    public static string ItemsSql(string ids) =>
        $"SELECT {ids}.content_id, c.owner_id, c.kind, c.parent_id FROM {ids} JOIN content c ON c.id = {ids}.content_id WHERE c.deleted_at IS NULL";

    /// <summary>The newest three likers of the item the owner may hear of, newest first (uuid[]).</summary>
    public static string LatestLikersSql(string owner, string item) => $"""
        ARRAY(SELECT x.user_id FROM likes x WHERE x.content_id = {item} AND x.user_id <> {owner}
                                 AND NOT {NotificationAudienceReadModel.HiddenSql(owner, "x.user_id")}
                           ORDER BY x.created_at DESC, x.user_id DESC LIMIT 3)
        """;

    /// <summary>The item's like count less the owner's own like and the likes of accounts the owner muted or blocked (either way) (int).</summary>
    public static string HeardLikesSql(string owner, string item) => $"""
        (coalesce((SELECT k.likes FROM content_counters k WHERE k.content_id = {item}), 0)
                      - (SELECT count(*) FROM likes x WHERE x.content_id = {item} AND x.user_id = {owner})
                      - (SELECT count(*) FROM mutes m JOIN likes x ON x.content_id = {item} AND x.user_id = m.muted_id WHERE m.muter_id = {owner})
                      - (SELECT count(DISTINCT x.user_id) FROM blocks b JOIN likes x ON x.content_id = {item}
                             AND x.user_id = CASE WHEN b.blocker_id = {owner} THEN b.blocked_id ELSE b.blocker_id END
                         WHERE (b.blocker_id = {owner} OR b.blocked_id = {owner})
                           AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = {owner} AND m.muted_id = x.user_id)))::int
        """;
}
