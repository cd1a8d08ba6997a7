using Npgsql;
using SocialFlow.Grains.Feeds;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Feeds;
using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// The feed card of a post or video: what a feed page shows of each item.
/// <para>
/// Reads posts and post_media (Posts: written by PostGrain and PostMediaGrain through PostStore), videos (Videos: written
/// by VideoGrain through VideoStore), accounts.username (Users: written by UserGrain through AccountStore) and
/// content_counters (Engagement: written by the engagement group commit, and for comment counts through ContentCounters),
/// members_only_content (Payments: written by ContentAccessGrain through SubscriptionStore).
/// </para>
/// <para>
/// Why a join: a feed page shows up to a page of items from many authors; asking each item's grain and each author's
/// grain would be one call per item and author on the hottest read path. One statement per kind for the misses of a
/// page (FeedCards caches the answer) keeps it to at most three round trips. Why it is safe: it only reads, each row
/// has one writer, and a stale or missing row is harmless (a deleted or hidden item becomes null and is left out; the
/// counters are shown as they are, and FeedCards' TTL bounds how old they get).
/// </para>
/// </summary>
public sealed class FeedCardReadModel(NpgsqlDataSource db)
{
    /// <summary>Cards of the posts <paramref name="ids"/> into <paramref name="into"/>; null for a post no feed may show.</summary>
    public async Task LoadPostsAsync(List<Guid> ids, Dictionary<Guid, FeedCard?> into)
    {
        var media = new Dictionary<Guid, List<PostImage>>();
        await using (var images = db.CreateCommand("""
            SELECT post_id, id, content_type, width, height FROM post_media
            WHERE post_id = ANY($1) AND deleted_at IS NULL ORDER BY post_id, position
            """))
        {
            Tx.AddParameters(images, ids.ToArray());
            await using var r = await images.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                var list = media.TryGetValue(r.GetGuid(0), out var l) ? l : media[r.GetGuid(0)] = [];
                list.Add(new PostImage(r.GetGuid(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4)));
            }
        }
        await using var cmd = db.CreateCommand("""
            SELECT p.id, p.author_id, a.username::text, p.text, p.visibility, p.created_at, p.deleted_at IS NOT NULL,
                   coalesce(c.likes, 0), coalesce(c.comments, 0), coalesce(c.bookmarks, 0), coalesce(c.views, 0),
                   p.moderation IS NOT NULL, p.sensitive, m.min_rank
            FROM posts p JOIN accounts a ON a.id = p.author_id LEFT JOIN content_counters c ON c.content_id = p.id
            LEFT JOIN members_only_content m ON m.content_id = p.id
            WHERE p.id = ANY($1)
            """);
        Tx.AddParameters(cmd, ids.ToArray());
        await using var rows = await cmd.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            var (id, visibility) = (rows.GetGuid(0), rows.GetString(4));
            into[id] = FeedItems.PostFeedable(rows.GetBoolean(6), visibility, rows.GetBoolean(11))
                ? new FeedCard(id, FeedItemKind.Post, rows.GetGuid(1), rows.GetString(2), rows.GetFieldValue<DateTimeOffset>(5), visibility,
                    rows.GetString(3), null, null, media.GetValueOrDefault(id) ?? [], rows.GetInt64(7), rows.GetInt64(8), rows.GetInt64(9), rows.GetInt64(10),
                    rows.GetBoolean(12), rows.IsDBNull(13) ? null : rows.GetInt32(13))
                : null;
        }
    }

    /// <summary>Cards of the videos <paramref name="ids"/> into <paramref name="into"/>; null for a video no feed may show.</summary>
    public async Task LoadVideosAsync(List<Guid> ids, Dictionary<Guid, FeedCard?> into)
    {
        await using var cmd = db.CreateCommand("""
            SELECT v.id, v.owner_id, a.username::text, v.title, v.visibility, v.status, v.ready_at, v.deleted_at IS NOT NULL,
                   v.duration_seconds, coalesce(c.likes, 0), coalesce(c.comments, 0), coalesce(c.bookmarks, 0), coalesce(c.views, 0),
                   v.moderation IS NOT NULL, v.sensitive
            FROM videos v JOIN accounts a ON a.id = v.owner_id LEFT JOIN content_counters c ON c.content_id = v.id
            WHERE v.id = ANY($1)
            """);
        Tx.AddParameters(cmd, ids.ToArray());
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var (id, visibility) = (r.GetGuid(0), r.GetString(4));
            into[id] = FeedItems.VideoFeedable(r.GetBoolean(7), r.GetString(5), visibility, r.GetBoolean(13))
                ? new FeedCard(id, FeedItemKind.Video, r.GetGuid(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(6), visibility,
                    null, r.GetString(3), r.IsDBNull(8) ? null : r.GetDouble(8), [], r.GetInt64(9), r.GetInt64(10), r.GetInt64(11), r.GetInt64(12),
                    r.GetBoolean(14))
                : null;
        }
    }
}
