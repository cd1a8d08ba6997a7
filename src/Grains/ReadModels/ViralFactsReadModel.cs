using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.Trending.Viral;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// The viral model's facts of the videos and posts created in a time range: what each got in its first hour, and (for
/// training) the points it earned over a longer horizon. Reads the items (Engagement: content), likes and bookmarks
/// (Engagement: likes, bookmarks), top-level comments (Comments: comments) with their sentiment (Analysis:
/// content_scores), view starts (Analytics: analytics_events, kept 90 days; view_dedup keeps only the view window, too
/// short for an hour-old item) and the author's followers (Social: user_graph_counts, the count now). Every signal
/// counts once per account (or viewer) and item, as trending counts it; points use trending's weights. Why a join: the
/// facts of one item come from five domains at one moment of its life, and no owner answers "what happened in an
/// item's first hour". Why it is safe: read only, over a bounded time range (each table by an index on the item, or the
/// analytics events' time index), capped at <c>max</c> items, run every few minutes by one grain and by a training a few
/// times a day.
/// </summary>
public sealed class ViralFactsReadModel(NpgsqlDataSource db)
{
    // $1, $2: creation range; $3: max items; $4: the first hour; $5: the horizon (at least $4); $6: comments' target type.
    private const string Facts = """
        WITH items AS (
            SELECT c.id, c.kind, c.owner_id, c.created_at FROM content c
            WHERE c.kind IN ('video', 'post') AND c.deleted_at IS NULL AND c.created_at >= $1 AND c.created_at < $2
            ORDER BY c.created_at DESC LIMIT $3),
        acts AS (
            SELECT i.id, 1 AS signal, 'u:' || l.user_id AS actor, l.created_at - i.created_at AS age, NULL::float8 AS sentiment
            FROM items i JOIN likes l ON l.content_id = i.id AND l.created_at >= i.created_at AND l.created_at < i.created_at + $5
            UNION ALL
            SELECT i.id, 2, 'u:' || b.user_id, b.created_at - i.created_at, NULL
            FROM items i JOIN bookmarks b ON b.content_id = i.id AND b.created_at >= i.created_at AND b.created_at < i.created_at + $5
            UNION ALL
            (SELECT DISTINCT ON (i.id, m.author_id) i.id, 3, 'u:' || m.author_id, m.created_at - i.created_at, s.sentiment_score
             FROM items i JOIN comments m ON m.item_id = i.id AND m.parent_id IS NULL AND m.deleted_at IS NULL
                  AND m.created_at >= i.created_at AND m.created_at < i.created_at + $5
             LEFT JOIN content_scores s ON s.target_id = m.id AND s.target_type = $6
             ORDER BY i.id, m.author_id, m.created_at)
            UNION ALL
            (SELECT DISTINCT ON (i.id, e.actor_key) i.id, 0, e.actor_key, e.occurred_at - i.created_at, NULL
             FROM analytics_events e JOIN items i ON i.id = e.item_id
             WHERE e.kind = 'view_start' AND e.occurred_at >= $1 AND e.occurred_at < $2 + $5
                   AND e.occurred_at >= i.created_at AND e.occurred_at < i.created_at + $5
             ORDER BY i.id, e.actor_key, e.occurred_at))
        SELECT i.id, i.kind = 'video', i.created_at, coalesce(g.followers, 0),
               count(*) FILTER (WHERE a.signal = 0 AND a.age < $4)::int,
               count(*) FILTER (WHERE a.signal = 1 AND a.age < $4)::int,
               count(*) FILTER (WHERE a.signal = 2 AND a.age < $4)::int,
               count(*) FILTER (WHERE a.signal = 3 AND a.age < $4)::int,
               count(DISTINCT a.actor) FILTER (WHERE a.age < $4)::int,
               coalesce(sum(w.points) FILTER (WHERE a.age < $4 * 0.75), 0)::float8,
               coalesce(sum(w.points) FILTER (WHERE a.age >= $4 * 0.75 AND a.age < $4), 0)::float8,
               avg(a.sentiment) FILTER (WHERE a.signal = 3 AND a.age < $4),
               count(*) FILTER (WHERE a.signal = 3 AND a.age < $4 AND a.sentiment < -0.2)::int,
               coalesce(sum(w.points), 0)::float8
        FROM items i
        LEFT JOIN acts a ON a.id = i.id
        LEFT JOIN LATERAL (SELECT CASE a.signal WHEN 0 THEN 1 WHEN 1 THEN 3 WHEN 2 THEN 4 WHEN 3 THEN 5 END AS points) w ON true
        LEFT JOIN user_graph_counts g ON g.user_id = i.owner_id
        GROUP BY i.id, i.kind, i.created_at, g.followers
        """;

    /// <summary>The facts of the items created in [<paramref name="from"/>, <paramref name="to"/>): the first hour, and the
    /// points of <paramref name="horizon"/> (pass the first hour itself when serving).</summary>
    public async Task<IReadOnlyList<ViralFacts>> ReadAsync(DateTimeOffset from, DateTimeOffset to, int max, TimeSpan firstHour, TimeSpan horizon)
    {
        await using var cmd = db.CreateCommand(Facts);
        cmd.CommandTimeout = 300;
        Tx.AddParameters(cmd, from, to, max, firstHour, horizon < firstHour ? firstHour : horizon, ModerationNames.Of(ModerationTargetType.Comment));
        var facts = new List<ViralFacts>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            facts.Add(new ViralFacts(r.GetGuid(0), r.GetBoolean(1) ? TrendingKind.Video : TrendingKind.Post, r.GetFieldValue<DateTimeOffset>(2),
                r.GetInt64(3), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.GetDouble(9), r.GetDouble(10),
                r.IsDBNull(11) ? null : r.GetDouble(11), r.GetInt32(12), r.GetDouble(13)));
        }
        return facts;
    }
}
