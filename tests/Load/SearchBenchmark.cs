using System.Diagnostics;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Search;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Load;

/// <summary>
/// `--scenario search`. Seeds posts (default 1,000,000; `--posts`) with generated text over a Zipf-distributed vocabulary
/// of 50,000 made-up words (word of rank r drawn with probability ∝ 1/r, so common and rare words both exist), one in
/// five with a hashtag, display names for the seeded accounts, and their search documents in bulk through the same
/// `search_document()` the indexer uses; prints the seed time. Then measures, against `GET /health/live` in interleaved
/// rounds: a selective query (a rare word), a non-selective one sorted by relevance (one of the ten commonest words),
/// a phrase of two common words, the typeahead (two or three letters) and the trending hashtags, from --viewers
/// signed-in viewers warmed first: each at --connections closed-loop connections (its rate, the machine saturated), then
/// open loop at --latency-load (0.5) of that rate (the latency the goals are about: at saturation, latency is only the
/// queue, whatever the request costs). Goals: selective p99 under
/// 20 ms, non-selective ranked under 50 ms, typeahead under 10 ms. Finally prints the plans of the selective and
/// non-selective statements (EXPLAIN ANALYZE, as the read model runs them).
/// </summary>
public static class SearchBenchmark
{
    public const int Vocabulary = 50_000;

    private static int _postgres; // the PostgreSQL server's postmaster: its CPU and its children's is PostgreSQL's

    public static async Task<int> RunAsync(LoadOptions options, Uri url, string connectionString, Guid[] users, string[] tokens, int? hostPid)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        _postgres = await ProcessCpu.PostgresServerAsync(connectionString);
        var seeding = Stopwatch.StartNew();
        await SeedAsync(db, users, options.Posts);
        Console.WriteLine($"seeded {options.Posts:N0} posts and their search documents, {users.Length:N0} display names, in {seeding.Elapsed.TotalSeconds:0.0} s");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var viewers = tokens[..Math.Min(options.Viewers, tokens.Length)];
        await WarmViewersAsync(http, viewers);
        var atRate = Scenarios(viewers, options.Only);
        var atLatency = Scenarios(viewers, options.Only);

        Console.WriteLine($"warm-up {options.Warmup.TotalSeconds:0} s ({options.Connections} connections) …");
        var warmUntil = DateTime.UtcNow + options.Warmup;
        while (DateTime.UtcNow < warmUntil)
        {
            foreach (var s in atRate) await s.RunAsync(http, options.Connections, TimeSpan.FromSeconds(2), measure: false);
        }
        var load = $"{options.LatencyLoad:0.##} of its rate";
        Console.WriteLine($"measuring {options.Rounds} interleaved rounds of {options.Round.TotalSeconds:0} s per scenario: at {options.Connections} "
            + $"connections (the rate), then open loop at {load} (the latency) …");
        var cpu = new CpuPerRequest(hostPid, _postgres);
        for (var round = 1; round <= options.Rounds; round++)
        {
            for (var i = 0; i < atRate.Length; i++)
            {
                var (s, l) = (atRate[i], atLatency[i]);
                await cpu.MeasureAsync(s, () => s.RunAsync(http, options.Connections, options.Round, measure: true));
                await cpu.MeasureAsync(l, () => l.RunAtRateAsync(http, options.LatencyLoad * s.RequestsPerSecond, options.Round, measure: true));
            }
        }
        Console.WriteLine($"at {options.Connections} connections (closed loop, the machine saturated: latency here is the queue):");
        Report.Print(atRate, atRate[0]);
        cpu.Print(atRate);
        Console.WriteLine($"open loop, each scenario at {load} above (latency from when each request was due):");
        Report.Print(atLatency, atLatency[0]);
        cpu.Print(atLatency);
        foreach (var (key, goal) in new[] { ("rare", 20.0), ("common", 50.0), ("suggest", 10.0) })
        {
            if (atLatency.SingleOrDefault(x => x.Key == key) is not { } s) continue;
            var p99 = s.Latency.GetValueAtPercentile(99) / 1000.0;
            Console.WriteLine($"{s.Name}: p99 {p99:0.0} ms at {load} (goal under {goal:0} ms): {(p99 < goal ? "met" : "NOT met")}");
        }
        if (options.Only is null || options.Only.Contains("write"))
        {
            // At the asked rate (the machine's most when it cannot write that many), then open loop at --latency-load of
            // the rate reached: at saturation the lag is mostly the queue of writes everything else waits behind.
            var reached = await MeasureIndexLagAsync(db, http, viewers, TimeSpan.FromSeconds(15), options.WriteRate, hostPid);
            await MeasureIndexLagAsync(db, http, viewers, TimeSpan.FromSeconds(15), Math.Max(1, (int)(options.LatencyLoad * reached)), hostPid);
        }
        if (options.Only is null || options.Only.Contains("ingest"))
        {
            await MeasureIngestLagAsync(connectionString, users, TimeSpan.FromSeconds(30), options.WriteRate, hostPid);
        }
        await PrintPlanAsync(db, "a rare word", Word(45_000), users[0]);
        await PrintPlanAsync(db, "a common word", Word(1), users[0]);
        return atRate.Concat(atLatency).All(s => s.Errors == 0) ? 0 : 1;
    }

    /// <summary>The measured requests, each from a random one of <paramref name="viewers"/>; `--only rare,suggest` keeps those
    /// (and /health/live).</summary>
    private static Scenario[] Scenarios(string[] viewers, IReadOnlySet<string>? only)
    {
        string Token(Random r) => viewers[r.Next(viewers.Length)];
        Scenario[] all =
        [
            new("live", "GET /health/live", _ => Scenario.Request(HttpMethod.Get, "/health/live", null)),
            new("rare", "search: a rare word", r => Search($"q={Word(40_000 + r.Next(10_000))}", Token(r))),
            new("common", "search: a common word", r => Search($"q={Word(1 + r.Next(10))}", Token(r))),
            new("phrase", "search: \"two common words\"", r => Search($"q=%22{Word(1 + r.Next(20))}%20{Word(1 + r.Next(20))}%22", Token(r))),
            new("suggest", "GET /search/suggest", r => Scenario.Request(HttpMethod.Get,
                $"/api/v1/search/suggest?q={Word(1 + r.Next(Vocabulary))[..(2 + r.Next(2))]}", Token(r))),
            new("trending", "GET /trending/hashtags", r => Scenario.Request(HttpMethod.Get, "/api/v1/trending/hashtags?window=24h", Token(r))),
        ];
        return [.. all.Where(s => s.Key == "live" || only is null || only.Contains(s.Key))];
    }

    /// <summary>
    /// One profile read per viewer before anything is measured. The seeded accounts have no grain state, so a viewer's
    /// first request initialises its profile (several writes); a signed-in user's grains are warm while they search.
    /// </summary>
    private static async Task WarmViewersAsync(HttpClient http, string[] viewers)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(viewers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (token, ct) =>
        {
            using var answer = await http.SendAsync(Scenario.Request(HttpMethod.Get, "/api/v1/users/me", token), ct);
            answer.EnsureSuccessStatusCode();
        });
        Console.WriteLine($"{viewers.Length:N0} viewers signed in and warmed in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Writes posts through the API at up to <paramref name="postsPerSecond"/> (open loop, 64 writers) and measures the
    /// index's lag under that load two ways: for every post written, from its row to its search document (both stamped
    /// by PostgreSQL's clock: the pipeline's own lag, outbox to index); and as a client sees it, a probe that posts a word
    /// of its own every 250 ms and polls the search from the write's acknowledgement until the post is found (the
    /// polling searches wait in the same queue as the writes, so this one includes the search's own latency under load).
    /// </summary>
    /// <returns>The rate of posts written.</returns>
    private static async Task<double> MeasureIndexLagAsync(
        NpgsqlDataSource db, HttpClient http, string[] tokens, TimeSpan duration, int postsPerSecond, int? hostPid)
    {
        // Writes start 10 s before anything is measured: the burst grows the host's pools, and a new PostgreSQL backend's
        // first statements cost it ~100 ms of catalogue loading each, which a host that has been writing has paid.
        var warm = TimeSpan.FromSeconds(10);
        Console.WriteLine($"indexing lag while writing up to {postsPerSecond:N0} posts/s for {duration.TotalSeconds:0} s (after {warm.TotalSeconds:0} s of writes) …");
        var until = DateTime.UtcNow + warm + duration;
        long written = 0, failed = 0;
        var perWriter = TimeSpan.FromSeconds(64.0 / postsPerSecond);
        var start = DateTime.UtcNow;
        var writers = Enumerable.Range(0, 64).Select(w => Task.Run(async () =>
        {
            // Staggered, so that the posts come evenly rather than 64 at a time.
            var next = start + perWriter * w / 64;
            if (next > DateTime.UtcNow) await Task.Delay(next - DateTime.UtcNow);
            while (DateTime.UtcNow < until)
            {
                using var post = Scenario.Request(HttpMethod.Post, "/api/v1/posts", tokens[(w * 7919 + (int)Interlocked.Read(ref written)) % tokens.Length]);
                post.Content = System.Net.Http.Json.JsonContent.Create(new { text = ZipfText(Random.Shared) });
                using var answer = await http.SendAsync(post);
                if (answer.IsSuccessStatusCode) Interlocked.Increment(ref written); else Interlocked.Increment(ref failed);
                next += perWriter;
                if (next > DateTime.UtcNow) await Task.Delay(next - DateTime.UtcNow);
            }
        })).ToArray();
        await Task.Delay(warm);
        var since = await DatabaseNowAsync(db);
        var (host0, pg0) = (hostPid is { } p0 ? ProcessCpu.Read(p0) : null, ProcessCpu.ReadTree(_postgres));
        var (writtenBefore, failedBefore) = (Interlocked.Read(ref written), Interlocked.Read(ref failed));
        var probes = new List<double>();
        while (DateTime.UtcNow < until)
        {
            var word = "probe" + Guid.NewGuid().ToString("N")[..10];
            using (var post = Scenario.Request(HttpMethod.Post, "/api/v1/posts", tokens[0]))
            {
                post.Content = System.Net.Http.Json.JsonContent.Create(new { text = $"{word} probe" });
                (await http.SendAsync(post)).EnsureSuccessStatusCode();
            }
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                using var found = await http.SendAsync(Search($"q={word}", tokens[0]));
                if ((await found.Content.ReadAsStringAsync()).Contains("\"id\"", StringComparison.Ordinal)) break;
                await Task.Delay(20);
            }
            probes.Add(clock.Elapsed.TotalMilliseconds);
            await Task.Delay(250);
        }
        await Task.WhenAll(writers);
        var (host1, pg1) = (hostPid is { } p1 ? ProcessCpu.Read(p1) : null, ProcessCpu.ReadTree(_postgres));
        (written, failed) = (written - writtenBefore, failed - failedBefore);
        var posts = Math.Max(written, 1);
        Console.WriteLine($"  CPU per post written (indexing, feeds and notifications included): host "
            + $"{(host0 is null ? "?" : $"{(host1!.Value.Cpu - host0.Value.Cpu).TotalMilliseconds / posts:0.0} ms")}, PostgreSQL {(pg1.Cpu - pg0.Cpu).TotalMilliseconds / posts:0.0} ms");
        Console.WriteLine($"  written {written / duration.TotalSeconds:N0} posts/s ({failed} failed)");
        await Task.Delay(TimeSpan.FromSeconds(5)); // the last posts' documents
        var (count, p50, p99, max, missing) = await PipelineLagAsync(db, since);
        Console.WriteLine($"  every post written from then on ({count:N0}), post row to search document: p50 {p50:0} ms, p99 {p99:0} ms, "
            + $"max {max:0} ms{(missing > 0 ? $", {missing} not indexed 5 s after the writes ended" : "")} (goal under 1,000 ms)");
        probes.Sort();
        Console.WriteLine($"  a client's probe, from the write's acknowledgement until its search finds the post: p50 {probes[probes.Count / 2]:0} ms, "
            + $"max {probes[^1]:0} ms over {probes.Count} probes");
        return written / duration.TotalSeconds;
    }

    /// <summary>
    /// The indexing pipeline at <paramref name="postsPerSecond"/> when the API cannot write that many on this machine: posts
    /// are written straight into PostgreSQL, each as the API's transaction writes a plain-text post (its row and its
    /// created event in one transaction, one transaction a post, 16 writers open loop), and everything after the commit is
    /// the real path (outbox, dispatcher, stream, the posts' consumer with all its handlers, the index's group commit).
    /// Measures every post's lag from its row to its search document, and the CPU per post of the host and PostgreSQL.
    /// </summary>
    private static async Task MeasureIngestLagAsync(string connectionString, Guid[] users, TimeSpan duration, int postsPerSecond, int? hostPid)
    {
        // Pooled connections not reset when returned, as the host's are (the writes would pay a DISCARD ALL each).
        await using var db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString);
        // The lag of a host that has been taking posts, not of one still compiling: the ingest paths first run here, and
        // 10 s in, the JIT was ~30 % of the host's CPU (perf, session 47; the same host's next run took 1.0 ms of CPU a
        // post, not 1.4).
        var warm = TimeSpan.FromSeconds(30);
        Console.WriteLine($"indexing lag while {postsPerSecond:N0} posts/s are written straight into PostgreSQL for {duration.TotalSeconds:0} s "
            + $"(after {warm.TotalSeconds:0} s of writes) …");
        const int writers = 16;
        var until = DateTime.UtcNow + warm + duration;
        long written = 0, late = 0;
        var perWriter = TimeSpan.FromSeconds((double)writers / postsPerSecond);
        var start = DateTime.UtcNow;
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var next = start + perWriter * w / writers;
            var random = new Random(w);
            while (DateTime.UtcNow < until)
            {
                if (next > DateTime.UtcNow) await Task.Delay(next - DateTime.UtcNow);
                else if (DateTime.UtcNow - next > TimeSpan.FromMilliseconds(100)) Interlocked.Increment(ref late);
                await using var cmd = db.CreateCommand(IngestSql);
                cmd.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
                cmd.Parameters.Add(new NpgsqlParameter { Value = users[random.Next(users.Length)] });
                cmd.Parameters.Add(new NpgsqlParameter { Value = ZipfText(random) });
                await cmd.ExecuteNonQueryAsync();
                OutboxWakeup.For(db).Notify(); // as the host does after a commit that queued events
                Interlocked.Increment(ref written);
                next += perWriter;
            }
        })).ToArray();
        await Task.Delay(warm);
        var since = await DatabaseNowAsync(db);
        var (host0, pg0) = (hostPid is { } p0 ? ProcessCpu.Read(p0) : null, ProcessCpu.ReadTree(_postgres));
        var writtenBefore = Interlocked.Read(ref written);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(tasks);
        var seconds = clock.Elapsed.TotalSeconds;
        var (host1, pg1) = (hostPid is { } p1 ? ProcessCpu.Read(p1) : null, ProcessCpu.ReadTree(_postgres));
        var posts = Math.Max(written - writtenBefore, 1);
        Console.WriteLine($"  written {posts / seconds:N0} posts/s ({late:N0} writes more than 100 ms behind their schedule)");
        Console.WriteLine($"  CPU per post (writing it, then its events, handlers and index): host "
            + $"{(host0 is null ? "?" : $"{(host1!.Value.Cpu - host0.Value.Cpu).TotalMilliseconds / posts:0.00} ms")}, PostgreSQL {(pg1.Cpu - pg0.Cpu).TotalMilliseconds / posts:0.00} ms");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var (count, p50, p99, max, missing) = await PipelineLagAsync(db, since);
        Console.WriteLine($"  every post written from then on ({count:N0}), post row to search document: p50 {p50:0} ms, p99 {p99:0} ms, "
            + $"max {max:0} ms{(missing > 0 ? $", {missing} not indexed 5 s after the writes ended" : "")} (goal under 1,000 ms): "
            + (missing == 0 && max < 1000 ? "met" : "NOT met"));
    }

    // The rows PostStore.InsertAsync writes for a plain-text public post (no tags, mentions, images or screening flag).
    private const string IngestSql = """
        WITH p AS (
            INSERT INTO posts (id, author_id, text, visibility, created_at) VALUES ($1, $2, $3, 'public', now())
            RETURNING id, author_id, created_at)
        INSERT INTO outbox_events (event_id, stream_namespace, stream_key, actor_id, kind, payload)
        SELECT gen_random_uuid(), 'posts', p.id, p.author_id, 'created',
               jsonb_build_object('post_id', p.id, 'author_id', p.author_id, 'visibility', 'public', 'created_at', p.created_at,
                                  'mentioned_ids', '[]'::jsonb, 'moderation', NULL)
        FROM p
        """;

    private static async Task<DateTime> DatabaseNowAsync(NpgsqlDataSource db)
    {
        await using var cmd = db.CreateCommand("SELECT now()");
        return (DateTime)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The lag from each post's row (created_at) to its search document (indexed_at) for the posts created since <paramref name="since"/>.</summary>
    private static async Task<(long Count, double P50, double P99, double Max, long Missing)> PipelineLagAsync(NpgsqlDataSource db, DateTime since)
    {
        await using var cmd = db.CreateCommand("""
            SELECT count(d.id),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.indexed_at - p.created_at)),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM d.indexed_at - p.created_at)),
                   max(extract(epoch FROM d.indexed_at - p.created_at)),
                   count(*) - count(d.id)
            FROM posts p LEFT JOIN search_documents d ON d.id = p.id
            WHERE p.created_at >= $1 AND p.deleted_at IS NULL
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = since });
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        double Ms(int i) => r.IsDBNull(i) ? double.NaN : r.GetDouble(i) * 1000;
        return (r.GetInt64(0), Ms(1), Ms(2), Ms(3), r.GetInt64(4));
    }

    private static HttpRequestMessage Search(string query, string token) => Scenario.Request(HttpMethod.Get, $"/api/v1/search?{query}", token);

    /// <summary>Twelve words as the seed draws them (rank log-uniform: P(r) ∝ 1/r), so that written posts do not change
    /// what the newest matches of a word look like.</summary>
    private static string ZipfText(Random random) =>
        string.Join(' ', Enumerable.Range(0, 12).Select(_ => Word(Math.Max(1, (int)Math.Exp(random.NextDouble() * Math.Log(Vocabulary))))));

    /// <summary>The made-up word of a rank: two or three syllables of 100, so every rank has its own word.</summary>
    public static string Word(int rank)
    {
        const string consonants = "bdfgklmnprstvzjchwxqy", vowels = "aeiou";
        string Syllable(int n) => $"{consonants[n / 5 % consonants.Length]}{vowels[n % 5]}";
        return Syllable(rank % 100) + Syllable(rank / 100 % 100) + (rank >= 10_000 ? Syllable(rank / 10_000) : "");
    }

    private static async Task SeedAsync(NpgsqlDataSource db, Guid[] users, int posts)
    {
        await using var connection = await db.OpenConnectionAsync();
        // One session for the temp table; posts written in batches so progress shows and memory stays flat.
        await new NpgsqlCommand("CREATE TEMP TABLE vocab (rank int PRIMARY KEY, word text NOT NULL)", connection).ExecuteNonQueryAsync();
        await using (var fill = new NpgsqlCommand("INSERT INTO vocab SELECT i, w FROM unnest($1::text[]) WITH ORDINALITY AS t(w, i)", connection))
        {
            fill.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Range(1, Vocabulary).Select(Word).ToArray() });
            await fill.ExecuteNonQueryAsync();
        }
        const int batch = 100_000;
        for (var done = 0; done < posts; done += batch)
        {
            // Twelve words a post, rank drawn log-uniformly (P(r) ∝ 1/r); every fifth post carries a hashtag.
            await using var insert = new NpgsqlCommand("""
                WITH p AS (
                    SELECT gen_random_uuid() AS id, $1[1 + (i::bigint * 7919) % array_length($1, 1)] AS author,
                           now() - make_interval(secs => i * 30) AS created_at,
                           -- (i * 0 ties each subquery to its row: an uncorrelated one would run once for all.)
                           (SELECT string_agg(v.word, ' ')
                              FROM (SELECT floor(exp(random() * ln($3)))::int AS r FROM generate_series(1, 12 + i * 0)) x
                              JOIN vocab v ON v.rank = x.r) AS text,
                           CASE WHEN i % 5 = 0 THEN
                               (SELECT v.word FROM (SELECT floor(exp(random() * ln(10000)))::int + i * 0 AS r) x JOIN vocab v ON v.rank = x.r) END AS tag
                    FROM generate_series($2 + 1, $2 + $4) AS i),
                ins AS (
                    INSERT INTO posts (id, author_id, text, visibility, created_at)
                    SELECT id, author, text || coalesce(' #' || tag, ''), 'public', created_at FROM p RETURNING id),
                tags AS (INSERT INTO post_tags (tag, post_id) SELECT tag, id FROM p WHERE tag IS NOT NULL),
                uses AS (INSERT INTO trending_tag_uses (tag, post_id, account_id, used_at)
                         SELECT tag, id, author, created_at FROM p WHERE tag IS NOT NULL AND created_at > now() - interval '35 days')
                INSERT INTO search_documents (id, kind, owner_id, owner_username, body, tags, visibility, created_at, document)
                SELECT p.id, 'post', p.author, a.username, p.text || coalesce(' #' || p.tag, ''), t.tags, 'public', p.created_at,
                       search_document(NULL, a.username, t.tags, p.text || coalesce(' #' || p.tag, ''))
                FROM p JOIN accounts a ON a.id = p.author,
                     LATERAL (SELECT CASE WHEN p.tag IS NULL THEN '{}'::text[] ELSE ARRAY[p.tag] END AS tags) t
                """, connection) { CommandTimeout = 600 };
            insert.Parameters.Add(new NpgsqlParameter { Value = users });
            insert.Parameters.Add(new NpgsqlParameter { Value = done });
            insert.Parameters.Add(new NpgsqlParameter { Value = Vocabulary });
            insert.Parameters.Add(new NpgsqlParameter { Value = Math.Min(batch, posts - done) });
            await insert.ExecuteNonQueryAsync();
            Console.WriteLine($"  {Math.Min(done + batch, posts):N0} posts");
        }
        await new NpgsqlCommand("""
            INSERT INTO search_hashtags (tag, uses) SELECT t, count(*) FROM search_documents, unnest(tags) AS t GROUP BY t
            ON CONFLICT (tag) DO UPDATE SET uses = excluded.uses
            """, connection) { CommandTimeout = 600 }.ExecuteNonQueryAsync();
        await using (var names = new NpgsqlCommand("""
            UPDATE accounts a SET display_name = initcap(v1.word) || ' ' || initcap(v2.word)
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM accounts) o, vocab v1, vocab v2
            WHERE o.id = a.id AND v1.rank = 1 + (o.n * 31) % $1 AND v2.rank = 1 + (o.n * 17) % $1
            """, connection) { CommandTimeout = 600 })
        {
            names.Parameters.Add(new NpgsqlParameter { Value = Vocabulary });
            await names.ExecuteNonQueryAsync();
        }
        // Vacuumed, not only analysed: the names above rewrote every account, and the planner's probes of the accounts'
        // indexes for their actual bounds then walked the dead entries (a rare-word search planned in 30 ms, not 2).
        foreach (var sql in new[] { "VACUUM ANALYZE search_documents", "VACUUM ANALYZE accounts", "ANALYZE search_hashtags", "ANALYZE posts" })
        {
            await new NpgsqlCommand(sql, connection) { CommandTimeout = 600 }.ExecuteNonQueryAsync();
        }
    }

    /// <summary>EXPLAIN ANALYZE of the read model's statement for <paramref name="word"/> (a signed-in viewer, relevance, first page).</summary>
    private static async Task PrintPlanAsync(NpgsqlDataSource db, string what, string word, Guid viewer)
    {
        var request = new SearchRequest(word, [], [], SearchType.Post, SearchSort.Relevance);
        await using var cmd = await new SearchResultsReadModel(db, db).CommandAsync(request, viewer, null, 20);
        cmd.CommandText = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + cmd.CommandText;
        Console.WriteLine($"plan of the search for {what} ('{word}'):");
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) Console.WriteLine("  " + r.GetString(0));
    }

    private static async Task Execute(NpgsqlDataSource db, string sql, params object[] args)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        await cmd.ExecuteNonQueryAsync();
    }
}
