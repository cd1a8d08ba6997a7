using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Recommendations.Ranking;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// What a recommendation training learns from, over a window: the videos and posts (Engagement: content, with post tags
/// from Posts: post_tags), and what people did with them — likes and bookmarks (Engagement: likes, bookmarks), comments
/// (Comments: comments), views (Engagement: view_dedup, signed-in viewers), long views (Analytics: analytics_events'
/// view progress and ends with their seconds), follows (Social: follows) and feedback (Recommendations:
/// recommendation_feedback). Why a join: training needs them all at once and no owner answers "everything since".
/// Why it is safe: read only, by time, each kind capped at the newest <c>max</c> rows, run by one grain a few times a day.
/// </summary>
public sealed class TrainingEventsReadModel(NpgsqlDataSource db)
{
    private const string Items = """
        SELECT c.id, c.kind = 'video', c.owner_id, c.created_at,
               ARRAY(SELECT t.tag FROM post_tags t WHERE t.post_id = c.id ORDER BY t.tag)
        FROM content c
        WHERE c.kind IN ('video', 'post') AND c.deleted_at IS NULL AND c.created_at > $1
        ORDER BY c.created_at DESC LIMIT $2
        """;

    // Signal numbers are Ranking.Signal's.
    private const string Events = """
        (SELECT user_id, content_id, 1, created_at FROM likes WHERE created_at > $1 ORDER BY created_at DESC LIMIT $2)
        UNION ALL (SELECT user_id, content_id, 2, created_at FROM bookmarks WHERE created_at > $1 ORDER BY created_at DESC LIMIT $2)
        UNION ALL (SELECT author_id, item_id, 3, created_at FROM comments WHERE created_at > $1 AND deleted_at IS NULL ORDER BY created_at DESC LIMIT $2)
        UNION ALL (SELECT substr(viewer_key, 3)::uuid, content_id, 0, counted_at FROM view_dedup
                   WHERE viewer_key LIKE 'u:%' AND counted_at > $1 ORDER BY counted_at DESC LIMIT $2)
        UNION ALL (SELECT user_id, item_id, 4, max(occurred_at) FROM analytics_events
                   WHERE kind IN ('view_progress', 'view_end') AND user_id IS NOT NULL AND item_id IS NOT NULL AND occurred_at > $1
                   GROUP BY user_id, item_id HAVING sum(seconds) >= $3 LIMIT $2)
        UNION ALL (SELECT user_id, item_id,
                          CASE signal WHEN 'see_more' THEN 5 WHEN 'skipped' THEN 7 WHEN 'not_interested' THEN 8
                                      ELSE CASE WHEN coalesce(seconds, 0) >= $3 THEN 4 ELSE 0 END END, at
                   FROM recommendation_feedback WHERE at > $1 ORDER BY at DESC LIMIT $2)
        """;

    private const string Follows = "SELECT follower_id, followee_id, created_at FROM follows WHERE created_at > $1 ORDER BY created_at DESC LIMIT $2";

    public async Task<InteractionLog> ReadAsync(DateTimeOffset since, int max, int longViewSeconds)
    {
        var items = new List<ItemFacts>();
        await using (var cmd = db.CreateCommand(Items))
        {
            Tx.AddParameters(cmd, since, max);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) items.Add(new ItemFacts(r.GetGuid(0), r.GetBoolean(1), r.GetGuid(2), r.GetFieldValue<DateTimeOffset>(3), r.GetFieldValue<string[]>(4)));
        }
        var interactions = new List<Interaction>();
        await using (var cmd = db.CreateCommand(Events))
        {
            Tx.AddParameters(cmd, since, max, longViewSeconds);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) interactions.Add(new Interaction(r.GetGuid(0), r.GetGuid(1), (Signal)r.GetInt32(2), r.GetFieldValue<DateTimeOffset>(3)));
        }
        var follows = new List<Follow>();
        await using (var cmd = db.CreateCommand(Follows))
        {
            Tx.AddParameters(cmd, since, max);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) follows.Add(new Follow(r.GetGuid(0), r.GetGuid(1), r.GetFieldValue<DateTimeOffset>(2)));
        }
        return new InteractionLog(items, interactions, follows).WithFollowsAfterViews();
    }
}
