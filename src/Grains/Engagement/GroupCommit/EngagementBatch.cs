using Npgsql;

namespace SocialFlow.Grains.Engagement.GroupCommit;

/// <summary>
/// One group commit: every fact of a batch and the counter deltas they cause, in ONE statement (so one implicit
/// transaction and one round trip). Each table's rows go in through unnest() arrays; ON CONFLICT / DELETE … RETURNING
/// tell which facts were new; the counters are bumped by exactly the returned rows, with rows locked in content_id
/// order so that two silos' writers cannot deadlock on counter rows. The caller puts at most one fact per row in a batch.
/// Like notifications read the likes table by time (LikeNotificationProjector), so nothing here is written for them:
/// measured here (ratio of durable likes to /health/live), one "liked" event per like gave 0.02 against 0.16 for no
/// events, one event per batch 0.14 against 0.39, and a per-item mark upserted in this statement cost a sixth of a like.
/// </summary>
public static class EngagementBatch
{
    private const string Sql = """
        WITH
        la AS (INSERT INTO likes (content_id, user_id, created_at)
               SELECT c, u, now() FROM unnest($1::uuid[], $2::uuid[]) AS t(c, u) ORDER BY c, u
               ON CONFLICT DO NOTHING RETURNING content_id, user_id),
        lr AS (DELETE FROM likes l USING unnest($3::uuid[], $4::uuid[]) AS t(c, u)
               WHERE l.content_id = t.c AND l.user_id = t.u RETURNING l.content_id, l.user_id),
        ba AS (INSERT INTO bookmarks (user_id, content_id, created_at)
               SELECT u, c, now() FROM unnest($5::uuid[], $6::uuid[]) AS t(c, u) ORDER BY c, u
               ON CONFLICT DO NOTHING RETURNING content_id, user_id),
        br AS (DELETE FROM bookmarks b USING unnest($7::uuid[], $8::uuid[]) AS t(c, u)
               WHERE b.content_id = t.c AND b.user_id = t.u RETURNING b.content_id, b.user_id),
        rin AS (SELECT c, u, r FROM unnest($9::uuid[], $10::uuid[], $11::text[]) AS t(c, u, r)),
        rold AS (SELECT x.content_id, x.user_id, x.reaction FROM reactions x JOIN rin ON x.content_id = rin.c AND x.user_id = rin.u),
        rset AS (INSERT INTO reactions AS x (content_id, user_id, reaction, created_at)
                 SELECT c, u, r, now() FROM rin WHERE r IS NOT NULL ORDER BY c, u
                 ON CONFLICT (content_id, user_id) DO UPDATE SET reaction = EXCLUDED.reaction, created_at = EXCLUDED.created_at
                 WHERE x.reaction <> EXCLUDED.reaction
                 RETURNING x.content_id, x.user_id, x.reaction),
        rdel AS (DELETE FROM reactions x USING rin WHERE rin.r IS NULL AND x.content_id = rin.c AND x.user_id = rin.u
                 RETURNING x.content_id, x.user_id, x.reaction),
        rch AS (SELECT s.content_id, s.user_id, s.reaction AS now, o.reaction AS before
                FROM rset s LEFT JOIN rold o ON o.content_id = s.content_id AND o.user_id = s.user_id
                UNION ALL SELECT content_id, user_id, NULL, reaction FROM rdel),
        rk AS (INSERT INTO content_reaction_counts AS k (content_id, reaction, count)
               SELECT content_id, reaction, sum(n) FROM (
                   SELECT content_id, now AS reaction, 1 AS n FROM rch WHERE now IS NOT NULL
                   UNION ALL SELECT content_id, before, -1 FROM rch WHERE before IS NOT NULL) d
               GROUP BY content_id, reaction HAVING sum(n) <> 0 ORDER BY content_id, reaction
               ON CONFLICT (content_id, reaction) DO UPDATE SET count = k.count + EXCLUDED.count),
        vin AS (SELECT c, k, s FROM unnest($12::uuid[], $13::text[], $14::int[]) AS t(c, k, s)),
        vc AS (INSERT INTO view_dedup AS d (content_id, viewer_key, counted_at)
               SELECT c, k, now() FROM vin ORDER BY c, k
               ON CONFLICT (content_id, viewer_key) DO UPDATE SET counted_at = EXCLUDED.counted_at
               WHERE d.counted_at <= EXCLUDED.counted_at - $15::interval
               RETURNING d.content_id, d.viewer_key),
        deltas AS (SELECT content_id, 1 AS likes, 0 AS bookmarks, 0 AS views, 0 AS watch FROM la
                   UNION ALL SELECT content_id, -1, 0, 0, 0 FROM lr
                   UNION ALL SELECT content_id, 0, 1, 0, 0 FROM ba
                   UNION ALL SELECT content_id, 0, -1, 0, 0 FROM br
                   UNION ALL SELECT content_id, 0, 0, 1, 0 FROM vc
                   UNION ALL SELECT c, 0, 0, 0, s FROM vin WHERE s > 0),
        kc AS (INSERT INTO content_counters AS k (content_id, likes, bookmarks, views, watch_seconds)
               SELECT content_id, sum(likes), sum(bookmarks), sum(views), sum(watch) FROM deltas
               GROUP BY content_id ORDER BY content_id
               ON CONFLICT (content_id) DO UPDATE SET likes = k.likes + EXCLUDED.likes, bookmarks = k.bookmarks + EXCLUDED.bookmarks,
                   views = k.views + EXCLUDED.views, watch_seconds = k.watch_seconds + EXCLUDED.watch_seconds)
        SELECT 0, content_id, user_id::text, NULL::text FROM la
        UNION ALL SELECT 1, content_id, user_id::text, NULL FROM lr
        UNION ALL SELECT 2, content_id, user_id::text, NULL FROM ba
        UNION ALL SELECT 3, content_id, user_id::text, NULL FROM br
        UNION ALL SELECT 4, content_id, user_id::text, before FROM rch
        UNION ALL SELECT 5, content_id, viewer_key, NULL FROM vc
        """;

    /// <summary>
    /// The common case, a batch of likes only, as its own small statement: executing the full statement's fifteen
    /// sub-statements on empty arrays cost PostgreSQL more CPU than the likes themselves.
    /// </summary>
    private const string LikesOnlySql = """
        WITH
        la AS (INSERT INTO likes (content_id, user_id, created_at)
               SELECT c, u, now() FROM unnest($1::uuid[], $2::uuid[]) AS t(c, u) ORDER BY c, u
               ON CONFLICT DO NOTHING RETURNING content_id, user_id),
        kc AS (INSERT INTO content_counters AS k (content_id, likes)
               SELECT content_id, count(*) FROM la GROUP BY content_id ORDER BY content_id
               ON CONFLICT (content_id) DO UPDATE SET likes = k.likes + EXCLUDED.likes)
        SELECT 0, content_id, user_id::text, NULL::text FROM la
        """;

    /// <summary>Commits the batch on <paramref name="connection"/> and returns each fact's outcome, in order.</summary>
    public static async Task<FactOutcome[]> CommitAsync(NpgsqlConnection connection, IReadOnlyList<EngagementFact> facts, TimeSpan viewWindow)
    {
        var columns = new Columns();
        foreach (var f in facts) columns.Add(f);
        var likesOnly = facts.All(f => f.Kind == FactKind.Like);
        await using var cmd = new NpgsqlCommand(likesOnly ? LikesOnlySql : Sql, connection);
        foreach (var value in likesOnly ? columns.Parameters(viewWindow).Take(2) : columns.Parameters(viewWindow))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await cmd.PrepareAsync(); // once per connection: the writer keeps its connection, so later batches skip planning
        var changed = new Dictionary<(int Kind, Guid ContentId, string Key), string?>();
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                changed[(r.GetInt32(0), r.GetGuid(1), r.GetString(2))] = r.IsDBNull(3) ? null : r.GetString(3);
            }
        }
        var outcomes = new FactOutcome[facts.Count];
        for (var i = 0; i < facts.Count; i++)
        {
            var f = facts[i];
            outcomes[i] = changed.TryGetValue(((int)f.Kind, f.ContentId, f.Key), out var previous) ? new FactOutcome(true, previous) : new FactOutcome(false);
        }
        return outcomes;
    }

    private sealed class Columns
    {
        private readonly List<Guid>[] _pairs = Enumerable.Range(0, 8).Select(_ => new List<Guid>()).ToArray();
        private readonly List<Guid> _reactContent = [], _reactUser = [], _viewContent = [];
        private readonly List<string?> _reaction = [];
        private readonly List<string> _viewer = [];
        private readonly List<int> _watch = [];

        public void Add(EngagementFact f)
        {
            switch (f.Kind)
            {
                case FactKind.React:
                    _reactContent.Add(f.ContentId);
                    _reactUser.Add(Guid.Parse(f.Key));
                    _reaction.Add(f.Reaction);
                    break;
                case FactKind.View:
                    _viewContent.Add(f.ContentId);
                    _viewer.Add(f.Key);
                    _watch.Add(f.WatchSeconds);
                    break;
                default:
                    var at = 2 * (int)f.Kind; // Like 0-1, Unlike 2-3, Bookmark 4-5, Unbookmark 6-7
                    _pairs[at].Add(f.ContentId);
                    _pairs[at + 1].Add(Guid.Parse(f.Key));
                    break;
            }
        }

        public IEnumerable<object> Parameters(TimeSpan viewWindow)
        {
            foreach (var column in _pairs) yield return column.ToArray();
            yield return _reactContent.ToArray();
            yield return _reactUser.ToArray();
            yield return _reaction.ToArray();
            yield return _viewContent.ToArray();
            yield return _viewer.ToArray();
            yield return _watch.ToArray();
            yield return viewWindow;
        }
    }
}
