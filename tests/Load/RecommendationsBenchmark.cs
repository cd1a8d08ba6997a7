using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SocialFlow.Grains.Recommendations.Ranking;
using SocialFlow.Testing.Recommendations;

namespace SocialFlow.Load;

/// <summary>
/// `--scenario recommendations`: first the offline evaluation (<see cref="RecommendationsEvaluation"/>) of a planted
/// population of --users people (default 10,000) with 5 items and 100 interactions each; then the same population in
/// PostgreSQL (items as content, posts and tags; likes and bookmarks with their counters and the likes' analytics facts;
/// follows), the trained model and its neighbors published as a retrain would; every account makes one request (a seeded
/// account writes its profile then, as a real one did at registration) and the host restarts. A tenth of the people
/// warm it up (--warmup, 30 s: their pages ranked again and again). Then `GET /feed/for-you?limit=20` three ways,
/// interleaved with `GET /health/live`: a signed-in person's first page (it ranks their list; half the other people made
/// one request before, `GET /users/me`, as an app does at launch, so their account grain is active), a cold person's
/// first page (the other half: their first request since the host restarted, every grain of theirs activates), and a
/// new session (a page without cursor by someone served before: from their ranked list). Nobody's first page is asked
/// twice: the first pages' rate is measured in the first round only. Each at most 8 connections (the rate), then open
/// loop at --latency-load of that rate (the latency under load), with the host's and PostgreSQL's CPU per request; last,
/// each for 5 s one request at a time, where the p99 goal is read (as search's are).
/// </summary>
public static class RecommendationsBenchmark
{
    private static readonly string[] SeededTables =
        ["content", "content_counters", "posts", "post_tags", "likes", "bookmarks", "follows", "analytics_events", "accounts", "recommendation_neighbors"];

    public static async Task<int> RunAsync(LoadOptions options, HostProcess? host, Uri url, string connectionString, Guid[] users, string[] tokens, int? hostPid)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        var people = await EvaluateAndSeedAsync(db, users);
        // The evaluation's population (about 1 GB) is garbage now: collected and compacted here, so that this process's
        // own collections during the measurement are short. Kept alive, its collections stalled the send loop for up to
        // 228 ms, and the requests due meanwhile counted that as their latency.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Console.WriteLine($"load generator's heap after the evaluation: {GC.GetTotalMemory(false) / 1048576.0:0} MB");
        var connections = Math.Min(options.Connections, 8);
        async Task<TimeSpan> FirstRequestsAsync(Uri at, IEnumerable<int> who)
        {
            using var client = new HttpClient { BaseAddress = at, Timeout = TimeSpan.FromSeconds(30) };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Parallel.ForEachAsync(who, new ParallelOptions { MaxDegreeOfParallelism = connections }, async (person, ct) =>
            {
                using var response = await client.SendAsync(Scenario.Request(HttpMethod.Get, "/api/v1/users/me", tokens[person]), ct);
                response.EnsureSuccessStatusCode();
            });
            return clock.Elapsed;
        }
        if (host is not null)
        {
            // A seeded account has no profile yet and its first activation writes one (a real account wrote it when it
            // registered): everyone makes one request, then the host restarts, so a cold page is one after a deploy.
            var took = await FirstRequestsAsync(url, people);
            await Seeder.VacuumAsync(db, SeededTables);
            await host.RestartAsync();
            (url, hostPid) = (host.Url, host.ProcessId);
            Console.WriteLine($"every account made one request ({took.TotalSeconds:0.0} s), then the host restarted: every grain is cold");
        }
        else
        {
            await Seeder.VacuumAsync(db, SeededTables);
            Console.WriteLine("note: with --url the host cannot be restarted: a cold first page includes a seeded account's one-time profile write");
        }
        Console.WriteLine("waiting for the host to load the model …");
        await Task.Delay(TimeSpan.FromSeconds(11));

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(connections, 64), PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var cpu = new CpuPerRequest(hostPid, await ProcessCpu.PostgresServerAsync(connectionString));
        var order = people.OrderBy(_ => Random.Shared.Next()).ToArray();
        var warmers = order[..(order.Length / 10)];
        order = order[warmers.Length..];
        var (signedIn, cold) = (order[..(order.Length / 2)], order[(order.Length / 2)..]);
        var signing = await FirstRequestsAsync(url, signedIn);
        Console.WriteLine($"{signedIn.Length:N0} people made a first request (GET /users/me) in {signing.TotalSeconds:0.0} s; the other {cold.Length:N0} none");
        var (servedSignedIn, servedCold) = (0, 0);
        HttpRequestMessage FirstPage(Random _) =>
            Scenario.Request(HttpMethod.Get, "/api/v1/feed/for-you?limit=20", tokens[signedIn[(Interlocked.Increment(ref servedSignedIn) - 1) % signedIn.Length]]);
        HttpRequestMessage ColdFirstPage(Random _) =>
            Scenario.Request(HttpMethod.Get, "/api/v1/feed/for-you?limit=20", tokens[cold[(Interlocked.Increment(ref servedCold) - 1) % cold.Length]]);
        HttpRequestMessage NewSession(Random r) =>
            Scenario.Request(HttpMethod.Get, "/api/v1/feed/for-you?limit=20", tokens[signedIn[r.Next(Math.Clamp(Volatile.Read(ref servedSignedIn), 1, signedIn.Length))]]);
        var live = new Scenario("live", "GET /health/live", _ => Scenario.Request(HttpMethod.Get, "/health/live", null));
        var first = new Scenario("first", "for-you: first page", FirstPage);
        var coldFirst = new Scenario("cold", "for-you: first page, cold", ColdFirstPage);
        var session = new Scenario("session", "for-you: new session", NewSession);
        var liveAt = new Scenario("live", "GET /health/live", _ => Scenario.Request(HttpMethod.Get, "/health/live", null));
        var firstAt = new Scenario("first", "for-you: first page", FirstPage);
        var coldFirstAt = new Scenario("cold", "for-you: first page, cold", ColdFirstPage);
        var sessionAt = new Scenario("session", "for-you: new session", NewSession);
        Console.WriteLine($"warm-up {options.Warmup.TotalSeconds:0} s ({connections} connections): {warmers.Length:N0} other people's pages, each "
            + "ranked again and again …");
        var reranked = await WarmUpAsync(http, tokens, warmers, connections, options.Warmup);
        await live.RunAsync(http, connections, TimeSpan.FromSeconds(2), measure: false);
        Console.WriteLine($"warm-up: {reranked:N0} rankings");
        var load = $"{options.LatencyLoad:0.##} of its rate";
        Console.WriteLine($"measuring {options.Rounds} interleaved rounds of {options.Round.TotalSeconds:0} s per scenario: at {connections} connections "
            + $"(the rate), then open loop at {load} (the latency) …");
        var (noiseBefore, measuring) = (MachineNoise.CpuTime(), System.Diagnostics.Stopwatch.StartNew());
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var (s, l) in new[] { (live, liveAt), (first, firstAt), (coldFirst, coldFirstAt), (session, sessionAt) })
            {
                // A first page is asked once a person: its rate is measured in the first round only, for 3 s, so that
                // --rounds 3 of open loop fits 10,000 people.
                var firstPages = s == first || s == coldFirst;
                if (!firstPages || round == 1)
                {
                    var closed = firstPages ? TimeSpan.FromSeconds(Math.Min(3, options.Round.TotalSeconds)) : options.Round;
                    await cpu.MeasureAsync(s, () => s.RunAsync(http, connections, closed, measure: true));
                }
                await cpu.MeasureAsync(l, () => l.RunAtRateAsync(http, options.LatencyLoad * s.RequestsPerSecond, options.Round, measure: true));
            }
        }
        // One request at a time (no queue, no concurrency in the load generator): where the latency goal is read, as
        // search's are (README "Search", session 27). At half of the saturated rate two cores shared with the
        // generator give even /health/live a p99 of 6-27 ms, so that reading is the machine's queue, printed beside.
        var liveAlone = new Scenario("live", "GET /health/live", _ => Scenario.Request(HttpMethod.Get, "/health/live", null));
        var firstAlone = new Scenario("first", "for-you: first page", FirstPage);
        var coldAlone = new Scenario("cold", "for-you: first page, cold", ColdFirstPage);
        var sessionAlone = new Scenario("session", "for-you: new session", NewSession);
        foreach (var s in new[] { liveAlone, firstAlone, coldAlone, sessionAlone })
        {
            await cpu.MeasureAsync(s, () => s.RunAsync(http, 1, TimeSpan.FromSeconds(Math.Min(5, options.Round.TotalSeconds)), measure: true));
        }
        Console.WriteLine($"a first page ranks the person's list (nobody is asked twice: {Math.Min(servedSignedIn, signedIn.Length):N0} signed-in and "
            + $"{Math.Min(servedCold, cold.Length):N0} cold people served); a new session (a page without cursor) of someone served before takes its page "
            + "from their ranked list");
        Console.WriteLine($"at {connections} connections (closed loop, the machine saturated: latency here is the queue):");
        Report.Print([live, first, coldFirst, session], live);
        cpu.Print([live, first, coldFirst, session]);
        Console.WriteLine($"open loop, each scenario at {load} above (latency from when each request was due):");
        Report.Print([liveAt, firstAt, coldFirstAt, sessionAt], liveAt);
        cpu.Print([liveAt, firstAt, coldFirstAt, sessionAt]);
        Console.WriteLine("one request at a time (1 connection, closed loop: the latency the goal is read at):");
        Report.Print([liveAlone, firstAlone, coldAlone, sessionAlone], liveAlone);
        cpu.Print([liveAlone, firstAlone, coldAlone, sessionAlone]);
        MachineNoise.PrintUsedSince(noiseBefore, measuring.Elapsed);
        if (servedSignedIn > signedIn.Length || servedCold > cold.Length) Console.WriteLine("note: some first pages went to people served before (use more --users)");
        foreach (var (alone, atLoad) in new[] { (firstAlone, firstAt), (coldAlone, coldFirstAt), (sessionAlone, sessionAt) })
        {
            var (p99, p99AtLoad) = (alone.Latency.GetValueAtPercentile(99) / 1000.0, atLoad.Latency.GetValueAtPercentile(99) / 1000.0);
            Console.WriteLine($"{alone.Name}: p99 {p99:0.0} ms one at a time (goal under 20 ms): {(p99 < 20 ? "met" : "NOT met")}; "
                + $"{p99AtLoad:0.0} ms at {load}");
        }
        using (var sample = await http.SendAsync(Scenario.Request(HttpMethod.Get, "/api/v1/feed/for-you?limit=3", tokens[people[0]])))
        {
            Console.WriteLine($"a page: {await sample.Content.ReadAsStringAsync()}");
        }
        return new[] { live, first, coldFirst, session, liveAt, firstAt, coldFirstAt, sessionAt }.All(s => s.Errors == 0) ? 0 : 1;
    }

    /// <summary>
    /// Rankings that spend none of the measured people, so that the host is measured warm (compiled code, its pools'
    /// statements prepared): each of <paramref name="people"/> asks for a page, then gives "skipped" on its first item
    /// (feedback makes their list stale), so their next page ranks again. A 5 s warm-up of first pages left the host
    /// compiling through the measurement: 4–5.5 ms of host CPU a first page, against 1.7 ms after 30 s (session 44).
    /// </summary>
    private static async Task<int> WarmUpAsync(HttpClient http, string[] tokens, int[] people, int connections, TimeSpan duration)
    {
        var (until, next, pages) = (DateTime.UtcNow + duration, -1, 0);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            while (DateTime.UtcNow < until)
            {
                var token = tokens[people[(int)((uint)Interlocked.Increment(ref next) % people.Length)]];
                using var page = await http.SendAsync(Scenario.Request(HttpMethod.Get, "/api/v1/feed/for-you?limit=20", token));
                page.EnsureSuccessStatusCode();
                Interlocked.Increment(ref pages);
                var items = (await page.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
                if (items.GetArrayLength() == 0) continue;
                using var feedback = Scenario.Request(HttpMethod.Post, "/api/v1/ml/feedback", token);
                feedback.Content = JsonContent.Create(new { item_id = items[0].GetProperty("id").GetGuid(), signal = "skipped" });
                using var answer = await http.SendAsync(feedback);
                answer.EnsureSuccessStatusCode();
            }
        }));
        return pages;
    }

    /// <summary>The offline evaluation, then its population in PostgreSQL and its model published: only the people seeded
    /// leave this method.</summary>
    private static async Task<int[]> EvaluateAndSeedAsync(NpgsqlDataSource db, Guid[] users)
    {
        var shape = PopulationShape.Full with { Users = users.Length, Items = users.Length * 5, Interactions = users.Length * 100 };
        var outcome = RecommendationsEvaluation.Run(shape, DateTimeOffset.UtcNow);
        var seeding = System.Diagnostics.Stopwatch.StartNew();
        var people = await RecommendationsSeeder.SeedAsync(db, outcome.Train, users);
        var store = new Grains.Recommendations.RecommendationStore(db);
        var version = await store.PublishAsync(outcome.Model, outcome.Graph.Neighbors, DateTimeOffset.UtcNow, null);
        Console.WriteLine($"seeded the population and published model {version} in {seeding.Elapsed.TotalSeconds:0.0} s");
        return people;
    }
}
