using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.Trending;

namespace SocialFlow.Load;

/// <summary>
/// `--scenario trending`. Seeds 100,000 public posts over the last 35 days in PostgreSQL, each with one of 2,000 hashtags
/// (Zipf: tag of rank r drawn with probability ∝ 1/r) and its trending_tag_uses row, so hashtag trends read a month of
/// history. Then measures in interleaved rounds against `GET /health/live`, while engagement flows through the API and
/// the two trend levels (silo tally, window grains): durable likes and views of the 1,000 seeded videos (random user ×
/// Zipf video, so some videos are hot), and `GET /trending/videos` anonymous and signed in (the viewer's blocks and mutes
/// are looked up), `GET /trending/posts` and `GET /trending/hashtags` (24h). The like figure is the one to compare with
/// the engagement benchmark: the tally sits on the like path. Bounded: warm-up and rounds as given (5 s warm-up by default).
/// </summary>
public static class TrendingBenchmark
{
    public const int Posts = 100_000, Tags = 2_000;

    public static async Task<int> RunAsync(LoadOptions options, Uri url, string connectionString, Guid[] videos, Guid[] users, string[] tokens)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        var seeding = Stopwatch.StartNew();
        await SeedTagUsesAsync(db, users);
        Console.WriteLine($"seeded {Posts:N0} tagged posts over 35 days ({Tags:N0} hashtags) in {seeding.Elapsed.TotalSeconds:0.0} s");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        string Token(Random r) => tokens[r.Next(tokens.Length)];
        Guid Video(Random r) => videos[Math.Min(videos.Length - 1, (int)Math.Floor(Math.Exp(r.NextDouble() * Math.Log(videos.Length))) - 1)];
        var live = new Scenario("live", "GET /health/live", _ => Scenario.Request(HttpMethod.Get, "/health/live", null));
        var like = new Scenario("like", "POST /videos/{id}/like", r => Scenario.Request(HttpMethod.Post, $"/api/v1/videos/{Video(r)}/like", Token(r)));
        var view = new Scenario("view", "POST /videos/{id}/view", r => Scenario.Request(HttpMethod.Post, $"/api/v1/videos/{Video(r)}/view", Token(r)));
        var anonymous = new Scenario("videos", "GET /trending/videos (anonymous)", _ => Scenario.Request(HttpMethod.Get, "/api/v1/trending/videos?window=24h", null));
        var signedIn = new Scenario("videos-signed-in", "GET /trending/videos (signed in)", r => Scenario.Request(HttpMethod.Get, "/api/v1/trending/videos?window=1h", Token(r)));
        var posts = new Scenario("posts", "GET /trending/posts", r => Scenario.Request(HttpMethod.Get, "/api/v1/trending/posts?window=7d", Token(r)));
        var hashtags = new Scenario("hashtags", "GET /trending/hashtags", _ => Scenario.Request(HttpMethod.Get, "/api/v1/trending/hashtags?window=24h", null));
        Scenario[] scenarios = [live, like, view, anonymous, signedIn, posts, hashtags];

        Console.WriteLine($"warm-up {options.Warmup.TotalSeconds:0} s ({options.Connections} connections) …");
        var warmUntil = DateTime.UtcNow + options.Warmup;
        while (DateTime.UtcNow < warmUntil)
        {
            foreach (var s in scenarios) await s.RunAsync(http, options.Connections, TimeSpan.FromSeconds(2), measure: false);
        }
        Console.WriteLine($"measuring {options.Rounds} interleaved rounds of {options.Round.TotalSeconds:0} s per scenario …");
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var s in scenarios) await s.RunAsync(http, options.Connections, options.Round, measure: true);
        }
        Report.Print(scenarios, live);
        using (var top = await http.SendAsync(Scenario.Request(HttpMethod.Get, "/api/v1/trending/videos?window=24h&limit=3", null)))
        {
            Console.WriteLine($"top 3 videos (24h): {await top.Content.ReadAsStringAsync()}");
        }
        await using (var scored = db.CreateCommand("SELECT time_window, count(*) FROM trending_scores GROUP BY time_window ORDER BY 1"))
        await using (var r = await scored.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) Console.WriteLine($"snapshot {r.GetString(0)}: {r.GetInt64(1):N0} scored items");
        }
        MeasureTally(videos, users);
        return scenarios.All(s => s.Errors == 0) ? 0 : 1;
    }

    /// <summary>
    /// What the like path pays for trends: one <see cref="TrendingTally.Record"/> per changed like, in-process. Timed on
    /// one thread over 1,000,000 likes of distinct (video, user) pairs, each counted (the costlier path: a new mark).
    /// </summary>
    private static void MeasureTally(Guid[] videos, Guid[] users)
    {
        var tally = new TrendingTally(Options.Create(new TrendingOptions()), TimeProvider.System);
        const int records = 1_000_000;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < records; i++) tally.Record(TrendingKind.Video, videos[i % videos.Length], users[(int)((i * 7919L) % users.Length)], TrendingSignal.Like);
        var elapsed = clock.Elapsed;
        var deltas = tally.Take().Values.Sum(d => d.Count);
        Console.WriteLine($"tally: {elapsed.TotalNanoseconds / records:0} ns per recorded like ({records:N0} on one thread; {deltas:N0} partial counts to flush)");
    }

    private static async Task SeedTagUsesAsync(NpgsqlDataSource db, Guid[] users)
    {
        await using var cmd = db.CreateCommand("""
            WITH p AS (
                SELECT gen_random_uuid() AS id, $1[1 + (i::bigint * 7919) % array_length($1, 1)] AS author,
                       now() - make_interval(secs => i * 35 * 86400.0 / $2) AS created_at,
                       'tag' || floor(exp(random() * ln($3)))::int + i * 0 AS tag
                FROM generate_series(1, $2) AS i),
            ins AS (INSERT INTO posts (id, author_id, text, visibility, created_at)
                    SELECT id, author, 'load #' || tag, 'public', created_at FROM p),
            tags AS (INSERT INTO post_tags (tag, post_id) SELECT tag, id FROM p)
            INSERT INTO trending_tag_uses (tag, post_id, account_id, used_at) SELECT tag, id, author, created_at FROM p
            """);
        cmd.CommandTimeout = 600;
        cmd.Parameters.Add(new NpgsqlParameter { Value = users });
        cmd.Parameters.Add(new NpgsqlParameter { Value = Posts });
        cmd.Parameters.Add(new NpgsqlParameter { Value = Tags });
        await cmd.ExecuteNonQueryAsync();
        await using var analyze = db.CreateCommand("ANALYZE posts; ANALYZE trending_tag_uses");
        await analyze.ExecuteNonQueryAsync();
    }
}
