using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace SocialFlow.Load;

/// <summary>
/// `--scenario feed`. Seeds a graph in PostgreSQL: user 0 is followed by every other user (10,000 by default), and each
/// user also follows 20 random users, each of whom has 2 posts. Then (a) after the warm-up, user 0 posts over HTTP
/// three times (--posts N: N times, with the median, p90 and max); each time it measures the time from sending the POST until the follower reached last by the fan-out
/// (the oldest follow edge) reads the post in GET /feed/home, and until all 10,000 followers' feed rows exist;
/// (b) GET /api/v1/feed/home of random users (20 items) against GET /health/live, interleaved rounds as in the default run,
/// after every user has read their feed once (rebuilt and loaded: the steady state of active users).
/// </summary>
public static class FeedBenchmark
{
    private const int FollowsPerUser = 20, PostsPerUser = 2;

    public static async Task<int> RunAsync(LoadOptions options, Uri url, string connectionString, string[] tokens, Guid[] users)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        var author = users[0];
        var followers = users[1..];
        Console.WriteLine($"seeding the graph: {followers.Length} followers of one author, {FollowsPerUser} follows and {PostsPerUser} posts per user …");
        await SeedGraphAsync(db, author, users);
        var last = followers[^1]; // the oldest edge: the fan-out reaches it last
        var lastToken = tokens[^1];

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var live = new Scenario("live", "GET /health/live", _ => Scenario.Request(HttpMethod.Get, "/health/live", null));
        var feed = new Scenario("feed", "GET /feed/home (20 items)", r => Scenario.Request(HttpMethod.Get, "/api/v1/feed/home", tokens[1 + r.Next(tokens.Length - 1)]));
        Scenario[] scenarios = [live, feed];

        // Every user reads once first, as returning users would: their windows are rebuilt from the graph and loaded.
        var activation = Stopwatch.StartNew();
        await Parallel.ForEachAsync(tokens, new ParallelOptions { MaxDegreeOfParallelism = options.Connections }, async (token, _) => await HomeIdsAsync(http, token));
        Console.WriteLine($"{tokens.Length} feeds rebuilt and loaded by a first read in {activation.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine($"warm-up {options.Warmup.TotalSeconds:0} s ({options.Connections} connections) …");
        var warmUntil = DateTime.UtcNow + options.Warmup;
        while (DateTime.UtcNow < warmUntil)
        {
            foreach (var s in scenarios) await s.RunAsync(http, options.Connections, TimeSpan.FromSeconds(2), measure: false);
        }

        var ok = true;
        var posts = options.Posts > 0 ? options.Posts : 3;
        var (toLasts, toAlls) = (new List<double>(), new List<double>());
        for (var i = 1; i <= posts; i++)
        {
            await HomeIdsAsync(http, lastToken); // its window is loaded, as a reading user's would be
            var (toLast, toAll, stored) = await TimePostAsync(http, db, tokens[0], lastToken, followers, i);
            ok &= stored == followers.Length;
            toLasts.Add(toLast.TotalMilliseconds);
            toAlls.Add(toAll.TotalMilliseconds);
            Console.WriteLine($"post {i} from an account with {followers.Length} followers: in the last follower's feed (API) after {toLast.TotalMilliseconds:0} ms; " +
                              $"in all {stored} followers' stored feeds after {toAll.TotalMilliseconds:0} ms");
            await Task.Delay(1000);
        }
        static string Summary(List<double> ms) => ms.Order().ToList() is var o ? $"median {o[o.Count / 2]:0} ms, p90 {o[(int)(o.Count * 0.9)]:0} ms, max {o[^1]:0} ms" : "";
        Console.WriteLine($"fan-out over {posts} posts: last follower's feed {Summary(toLasts)}; all stored feeds {Summary(toAlls)}");

        Console.WriteLine($"measuring {options.Rounds} interleaved rounds of {options.Round.TotalSeconds:0} s per scenario …");
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var s in scenarios) await s.RunAsync(http, options.Connections, options.Round, measure: true);
            Console.WriteLine($"  after round {round} (running rates): " + string.Join("  ", scenarios.Select(s => $"{s.Name} {s.RequestsPerSecond:0}/s")));
        }
        Report.Print(scenarios, live);
        return ok && feed.Errors == 0 ? 0 : 1;
    }

    private static async Task<(TimeSpan ToLast, TimeSpan ToAll, long Stored)> TimePostAsync(
        HttpClient http, NpgsqlDataSource db, string authorToken, string lastToken, Guid[] followers, int n)
    {
        var clock = Stopwatch.StartNew();
        using var post = Scenario.Request(HttpMethod.Post, "/api/v1/posts", authorToken);
        post.Content = JsonContent.Create(new { text = $"benchmark post {n}", visibility = "public" });
        using var created = await http.SendAsync(post);
        if (created.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"POST /posts answered {(int)created.StatusCode}");
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        TimeSpan? toLast = null, toAll = null;
        long stored = 0;
        while ((toLast is null || toAll is null) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (toLast is null && (await HomeIdsAsync(http, lastToken)).Contains(id)) toLast = clock.Elapsed;
            if (toAll is null)
            {
                await using var count = db.CreateCommand("SELECT count(*) FROM feed_entries WHERE user_id = ANY($1) AND item_id = $2");
                count.Parameters.Add(new NpgsqlParameter { Value = followers });
                count.Parameters.Add(new NpgsqlParameter { Value = id });
                stored = (long)(await count.ExecuteScalarAsync())!;
                if (stored == followers.Length) toAll = clock.Elapsed;
            }
            await Task.Delay(5);
        }
        return (toLast ?? TimeSpan.MaxValue, toAll ?? TimeSpan.MaxValue, stored);
    }

    private static async Task<List<Guid>> HomeIdsAsync(HttpClient http, string token)
    {
        using var request = Scenario.Request(HttpMethod.Get, "/api/v1/feed/home", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return [.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }

    private static async Task SeedGraphAsync(NpgsqlDataSource db, Guid author, Guid[] users)
    {
        async Task Execute(string sql, params object[] args)
        {
            await using var cmd = db.CreateCommand(sql);
            cmd.CommandTimeout = 300;
            foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
            await cmd.ExecuteNonQueryAsync();
        }
        // Everyone follows the author; the edge of users[i] is i seconds old, so the last user is the oldest (reached last).
        await Execute("""
            INSERT INTO follows (follower_id, followee_id, created_at)
            SELECT u, $2, now() - make_interval(secs => i) FROM unnest($1::uuid[]) WITH ORDINALITY AS t(u, i) WHERE u <> $2
            """, users, author);
        await Execute("""
            INSERT INTO follows (follower_id, followee_id, created_at)
            SELECT DISTINCT ON (u, f) u, f, now() - interval '1 day'
            FROM unnest($1::uuid[]) AS t(u), LATERAL (SELECT ($1::uuid[])[1 + floor(random() * array_length($1, 1))::int] AS f
                                                       FROM generate_series(1, $2) WHERE u IS NOT NULL) r
            WHERE f <> u AND f <> $3
            ON CONFLICT DO NOTHING
            """, users, FollowsPerUser, author);
        await Execute("""
            INSERT INTO posts (id, author_id, text, visibility, created_at)
            SELECT gen_random_uuid(), u, 'seeded post ' || n || ' of ' || u, 'public', now() - make_interval(mins => n)
            FROM unnest($1::uuid[]) AS t(u), generate_series(1, $2) AS n WHERE u <> $3
            """, users, PostsPerUser, author);
        await Execute("""
            INSERT INTO user_graph_counts (user_id, followers) SELECT followee_id, count(*) FROM follows GROUP BY followee_id
            ON CONFLICT (user_id) DO UPDATE SET followers = excluded.followers
            """);
    }
}
