using System.Diagnostics;
using System.Net.Http.Json;
using Npgsql;

namespace SocialFlow.Load;

/// <summary>
/// `--scenario analytics`. Seeds, set-based in SQL: one year of daily rollups for one creator (their row, their seeded
/// videos' rows and daily viewer sketches) and --raw-events raw events (10,000,000 by default) over the last 89 days,
/// in chunks of 1,000,000, stopping early after --seed-seconds (default 900). Then measures in interleaved rounds against
/// `GET /health/live`: `POST /analytics/track` with batches of 50 events (signed-in users, seeded videos; events/s is
/// 50 × req/s) and the creator's `GET /analytics/dashboard?days=90`; then the dashboard open loop at --latency-load
/// (0.5) of the rate it reached (its p99 is the figure: goal under 50 ms). Then the
/// rollup lag while tracking flows: a tracked view is in its rollup when the track call answers (same statement), and a
/// like reaches the rollups through the likes' projector (goal under 5 s for both).
/// </summary>
public static class AnalyticsBenchmark
{
    private const int BatchSize = 50, Chunk = 1_000_000;

    public static async Task<int> RunAsync(LoadOptions options, Uri url, string connectionString, Guid[] videos, Guid[] users, string[] tokens)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        var (creator, creatorToken) = await CreatorAsync(db, videos, users, tokens);
        var seeding = Stopwatch.StartNew();
        await ExecuteAsync(db, SeedRollupsSql, creator);
        var raw = await SeedRawAsync(db, videos, options.RawEvents, TimeSpan.FromSeconds(options.SeedSeconds));
        // Vacuumed, not only analyzed: millions of fresh rows would otherwise start an autovacuum of the events table in
        // the middle of the measurement (seen as a dashboard p99 of 103 ms against 36 ms after a 1,000,000-event seed).
        await Seeder.VacuumAsync(db, "analytics_events", "analytics_rollups", "analytics_uniques");
        Console.WriteLine($"seeded a year of rollups for creator {creator} and {raw:N0} raw events in {seeding.Elapsed.TotalSeconds:0.0} s");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var live = new Scenario("live", "GET /health/live", _ => Scenario.Request(HttpMethod.Get, "/health/live", null));
        var track = new Scenario("track", $"POST /analytics/track ×{BatchSize}", r => TrackRequest(videos[r.Next(videos.Length)], tokens[r.Next(tokens.Length)], r));
        var dashboard = new Scenario("dashboard", "GET /analytics/dashboard 90d", _ => Scenario.Request(HttpMethod.Get, "/api/v1/analytics/dashboard?days=90", creatorToken));
        Scenario[] scenarios = [live, track, dashboard];

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
        Console.WriteLine($"tracked events: {track.RequestsPerSecond * BatchSize:0}/s in batches of {BatchSize}");

        // At 64 closed-loop connections the machine is saturated and a dashboard's latency is its queue: the goal is
        // about the dashboard itself, measured open loop at a share of the rate it reached (as the search benchmark does).
        var load = $"{options.LatencyLoad:0.##} of its rate";
        var dashboardAtLoad = new Scenario("dashboard-latency", $"dashboard at {load}", _ => Scenario.Request(HttpMethod.Get, "/api/v1/analytics/dashboard?days=90", creatorToken));
        for (var round = 1; round <= options.Rounds; round++)
        {
            await dashboardAtLoad.RunAtRateAsync(http, options.LatencyLoad * dashboard.RequestsPerSecond, options.Round, measure: true);
        }
        Console.WriteLine($"open loop, the dashboard at {load} (latency from when each request was due):");
        Report.Print([dashboardAtLoad], dashboardAtLoad);
        var p99 = dashboardAtLoad.Latency.GetValueAtPercentile(99) / 1000.0;
        Console.WriteLine($"dashboard p99 {p99:0.0} ms at {load} (goal under 50 ms): {(p99 < 50 ? "met" : "NOT met")}");

        var flowing = track.RunAsync(http, Math.Max(1, options.Connections / 2), options.Round, measure: false);
        var (trackedLag, likeLag) = await LagAsync(http, db, videos, tokens);
        await flowing;
        Console.WriteLine($"rollup lag while events flow: tracked view {trackedLag.TotalMilliseconds:0} ms (answer to rollup), like {likeLag.TotalMilliseconds:0} ms (like to rollup)");
        return scenarios.All(s => s.Errors == 0) && likeLag < TimeSpan.FromSeconds(30) ? 0 : 1;
    }

    private static HttpRequestMessage TrackRequest(Guid video, string token, Random r)
    {
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, BatchSize).Select(i => new
        {
            client_event_id = $"{r.NextInt64():x}-{i}",
            type = (i % 3) switch { 0 => "view_start", 1 => "view_progress", _ => "view_end" },
            item_id = video,
            seconds = i % 3 == 0 ? (int?)null : 10,
            position_percent = i % 3 == 2 ? (int?)r.Next(101) : null,
            occurred_at = now,
        });
        var request = Scenario.Request(HttpMethod.Post, "/api/v1/analytics/track", token);
        request.Content = JsonContent.Create(new { platform = "web", events });
        return request;
    }

    /// <summary>The time from a track call's answer until its view is in the rollups, and from a like until it is.</summary>
    private static async Task<(TimeSpan Tracked, TimeSpan Like)> LagAsync(HttpClient http, NpgsqlDataSource db, Guid[] videos, string[] tokens)
    {
        var video = videos[^1];
        var before = await ViewsAsync(db, video, "views");
        using (var tracked = await http.SendAsync(TrackRequest(video, tokens[0], new Random(1)))) tracked.EnsureSuccessStatusCode();
        var answered = Stopwatch.StartNew();
        var trackedLag = await UntilAsync(async () => await ViewsAsync(db, video, "views") > before, answered);
        var likesBefore = await ViewsAsync(db, video, "likes");
        var liked = Stopwatch.StartNew();
        using (var like = await http.SendAsync(Scenario.Request(HttpMethod.Post, $"/api/v1/videos/{video}/like", tokens[^1]))) like.EnsureSuccessStatusCode();
        return (trackedLag, await UntilAsync(async () => await ViewsAsync(db, video, "likes") > likesBefore, liked));
    }

    private static async Task<TimeSpan> UntilAsync(Func<Task<bool>> done, Stopwatch since)
    {
        while (!await done() && since.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(20);
        return since.Elapsed;
    }

    private static async Task<long> ViewsAsync(NpgsqlDataSource db, Guid video, string metric)
    {
        await using var cmd = db.CreateCommand("SELECT coalesce(sum(value), 0)::bigint FROM analytics_rollups WHERE scope = 'item' AND key = $1 AND period = 'day' AND metric = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = video });
        cmd.Parameters.Add(new NpgsqlParameter { Value = metric });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<(Guid, string)> CreatorAsync(NpgsqlDataSource db, Guid[] videos, Guid[] users, string[] tokens)
    {
        await using var cmd = db.CreateCommand("SELECT owner_id FROM content WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = videos[0] });
        var creator = (Guid)(await cmd.ExecuteScalarAsync())!;
        return (creator, tokens[Array.IndexOf(users, creator)]);
    }

    /// <summary>A year of daily rows: the creator's 15 metrics and viewer sketch, and views and watch time of each of their videos.</summary>
    private const string SeedRollupsSql = """
        WITH days AS (SELECT date_trunc('day', now(), 'UTC') - make_interval(days => d) AS day FROM generate_series(0, 364) AS d),
        c AS (INSERT INTO analytics_rollups (scope, key, period, bucket, metric, value)
              SELECT 'creator', $1, 'day', day, m, (random() * 1000)::bigint FROM days
              CROSS JOIN unnest(ARRAY['views', 'watch_seconds', 'likes', 'comments', 'shares', 'followers_gained', 'followers_lost', 'profile_visits',
                                      'search_clicks', 'uploads', 'source:search', 'source:home_feed', 'source:direct', 'revenue:usd', 'view_ends']) AS m
              ON CONFLICT DO NOTHING),
        i AS (INSERT INTO analytics_rollups (scope, key, period, bucket, metric, value, item_owner)
              SELECT 'item', v.id, 'day', day, m, (random() * 100)::bigint, $1 FROM days
              CROSS JOIN (SELECT id FROM content WHERE owner_id = $1) AS v CROSS JOIN unnest(ARRAY['views', 'watch_seconds']) AS m
              ON CONFLICT DO NOTHING)
        INSERT INTO analytics_uniques (scope, key, period, bucket, metric, sketch)
        SELECT 'creator', $1, 'day', day, 'viewers', (SELECT hll_add_agg(hll_hash_bigint(x)) FROM generate_series(1, 200 + extract(doy FROM day)::int) AS x)
        FROM days ON CONFLICT DO NOTHING
        """;

    private static async Task<long> SeedRawAsync(NpgsqlDataSource db, Guid[] videos, long total, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        long seeded = 0;
        while (seeded < total && clock.Elapsed < budget)
        {
            var n = (int)Math.Min(Chunk, total - seeded);
            await ExecuteAsync(db, """
                INSERT INTO analytics_events (id, actor_key, client_event_id, kind, item_id, owner_id, seconds, occurred_at, received_at)
                SELECT gen_random_uuid(), 'a:load-' || (i % 100000), 'seed-' || $3 || '-' || i, CASE WHEN i % 2 = 0 THEN 'view_start' ELSE 'view_progress' END,
                       v, NULL, CASE WHEN i % 2 = 0 THEN NULL ELSE 10 END, t, t
                FROM generate_series(1, $1) AS i,
                     LATERAL (SELECT $2[1 + (i % array_length($2, 1))] AS v, now() - make_interval(secs => (i::float8 / $1) * 89 * 86400) AS t) AS x
                """, n, videos, seeded);
            seeded += n;
            Console.WriteLine($"  raw events: {seeded:N0} of {total:N0} ({clock.Elapsed.TotalSeconds:0} s)");
        }
        return seeded;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource db, string sql, params object[] args)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.CommandTimeout = 1_800;
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        await cmd.ExecuteNonQueryAsync();
    }
}
