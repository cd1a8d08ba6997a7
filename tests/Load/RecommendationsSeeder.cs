using Npgsql;
using SocialFlow.Grains.Recommendations.Ranking;

namespace SocialFlow.Load;

/// <summary>
/// A planted population written as the platform's own tables would hold it: person k is seeded account k; items are
/// content rows (posts also posts rows with their tags), likes and bookmarks rows with the items' counters, the likes'
/// analytics facts (what a viewer's profile reads), follows. Times keep their distance to the population's end.
/// </summary>
public static class RecommendationsSeeder
{
    private const int Batch = 50_000, TrendingPosts = 200;

    /// <summary>Returns the indexes of the accounts that have a history (the people who will ask for pages).</summary>
    public static async Task<int[]> SeedAsync(NpgsqlDataSource db, InteractionLog log, Guid[] accounts)
    {
        var index = new Dictionary<Guid, int>();
        Guid Account(Guid person) => accounts[index.TryGetValue(person, out var k) ? k : index[person] = index.Count % accounts.Length];
        foreach (var item in log.Items) Account(item.AuthorId);
        foreach (var i in log.Interactions) Account(i.User);
        var shift = DateTimeOffset.UtcNow - log.Interactions.Max(i => i.At);
        foreach (var chunk in log.Items.Chunk(Batch))
        {
            await ExecuteAsync(db, """
                INSERT INTO content (id, kind, owner_id, visibility, created_at)
                SELECT id, CASE WHEN v THEN 'video' ELSE 'post' END, o, 'public', at FROM unnest($1::uuid[], $2::bool[], $3::uuid[], $4::timestamptz[]) AS t(id, v, o, at)
                """, chunk.Select(i => i.Id).ToArray(), chunk.Select(i => i.IsVideo).ToArray(), chunk.Select(i => Account(i.AuthorId)).ToArray(),
                chunk.Select(i => i.CreatedAt + shift).ToArray());
            var posts = chunk.Where(i => !i.IsVideo).ToArray();
            await ExecuteAsync(db, """
                INSERT INTO posts (id, author_id, text, visibility, created_at)
                SELECT id, o, 'planted', 'public', at FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS t(id, o, at)
                """, posts.Select(i => i.Id).ToArray(), posts.Select(i => Account(i.AuthorId)).ToArray(), posts.Select(i => i.CreatedAt + shift).ToArray());
            var tags = posts.SelectMany(p => p.Tags.Select(t => (p.Id, t))).ToArray();
            await ExecuteAsync(db, "INSERT INTO post_tags (tag, post_id) SELECT * FROM unnest($1::text[], $2::uuid[]) ON CONFLICT DO NOTHING",
                tags.Select(t => t.t).ToArray(), tags.Select(t => t.Id).ToArray());
        }
        await SeedEngagementAsync(db, log, Account, shift);
        await SeedTrendingAsync(db, log);
        foreach (var chunk in log.Follows.DistinctBy(f => (Account(f.Follower), Account(f.Followee))).Where(f => Account(f.Follower) != Account(f.Followee)).Chunk(Batch))
        {
            await ExecuteAsync(db, "INSERT INTO follows (follower_id, followee_id, created_at) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) ON CONFLICT DO NOTHING",
                chunk.Select(f => Account(f.Follower)).ToArray(), chunk.Select(f => Account(f.Followee)).ToArray(), chunk.Select(f => f.At + shift).ToArray());
        }
        return [.. log.Interactions.Select(i => Array.IndexOf(accounts, Account(i.User))).Distinct().Order()];
    }

    private static async Task SeedEngagementAsync(NpgsqlDataSource db, InteractionLog log, Func<Guid, Guid> account, TimeSpan shift)
    {
        foreach (var (signal, table) in new[] { (Signal.Like, "likes (content_id, user_id, created_at)"), (Signal.Bookmark, "bookmarks (content_id, user_id, created_at)") })
        {
            // In time order, as the platform appends them: the likes' and events' BRIN indexes by time then serve the
            // background readers of recent likes (randomly ordered, each of their ticks scanned the whole table).
            foreach (var chunk in log.Interactions.Where(i => i.Signal == signal).DistinctBy(i => (i.Item, i.User)).OrderBy(i => i.At).Chunk(Batch))
            {
                await ExecuteAsync(db, $"INSERT INTO {table} SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) ON CONFLICT DO NOTHING",
                    chunk.Select(i => i.Item).ToArray(), chunk.Select(i => account(i.User)).ToArray(), chunk.Select(i => i.At + shift).ToArray());
                if (signal != Signal.Like) continue;
                await ExecuteAsync(db, """
                    INSERT INTO analytics_events (id, actor_key, user_id, client_event_id, kind, item_id, occurred_at, received_at)
                    SELECT gen_random_uuid(), 'u:' || u, u, 'like:' || i || ':' || extract(epoch FROM at), 'like', i, at, at
                    FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS t(i, u, at) ON CONFLICT DO NOTHING
                    """, chunk.Select(i => i.Item).ToArray(), chunk.Select(i => account(i.User)).ToArray(), chunk.Select(i => i.At + shift).ToArray());
            }
        }
        await ExecuteAsync(db, """
            INSERT INTO content_counters (content_id, likes, bookmarks)
            SELECT c.id, (SELECT count(*) FROM likes l WHERE l.content_id = c.id), (SELECT count(*) FROM bookmarks b WHERE b.content_id = c.id)
            FROM content c WHERE c.kind IN ('video', 'post')
            ON CONFLICT (content_id) DO UPDATE SET likes = EXCLUDED.likes, bookmarks = EXCLUDED.bookmarks
            """);
    }

    /// <summary>
    /// The 24h trending snapshot the platform would have saved (trending_scores, which the window grain restores when it
    /// activates): the posts the most people engaged with in the log's last day, scored by that count, so that a ranking
    /// has its trending candidates. Videos have none: trending shows a video from its videos row, which carries the video
    /// grain's serialized state, and this seeder makes no videos rows.
    /// </summary>
    private static async Task SeedTrendingAsync(NpgsqlDataSource db, InteractionLog log)
    {
        var end = log.Interactions.Max(i => i.At);
        var posts = log.Items.Where(i => !i.IsVideo).Select(i => i.Id).ToHashSet();
        var top = log.Interactions
            .Where(i => i.At > end - TimeSpan.FromDays(1) && posts.Contains(i.Item) && i.Signal is Signal.Like or Signal.Bookmark or Signal.Comment or Signal.LongView)
            .GroupBy(i => i.Item).Select(g => (Item: g.Key, People: g.Select(i => i.User).Distinct().Count()))
            .OrderByDescending(t => t.People).ThenBy(t => t.Item).Take(TrendingPosts).ToArray();
        await ExecuteAsync(db, """
            INSERT INTO trending_scores (time_window, kind, item_id, score, scored_at)
            SELECT '24h', 'post', i, s, now() FROM unnest($1::uuid[], $2::float8[]) AS t(i, s)
            """, top.Select(t => t.Item).ToArray(), top.Select(t => (double)t.People).ToArray());
        Console.WriteLine($"trending snapshot (24h): {top.Length} posts, the most engaged of the last day");
    }

    private static async Task ExecuteAsync(NpgsqlDataSource db, string sql, params object[] args)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.CommandTimeout = 600;
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        await cmd.ExecuteNonQueryAsync();
    }
}
