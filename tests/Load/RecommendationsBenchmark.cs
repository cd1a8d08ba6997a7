using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SocialFlow.Grains.Recommendations.Ranking;
using SocialFlow.Testing.Recommendations;

namespace SocialFlow.Load;

/// <summary>
/// `--scenario recommendations`: first the offline evaluation (<see cref="RecommendationsEvaluation"/>) of a planted
/// population of --users people (default 10,000) with 5 items and 100 interactions each; then the same population in
/// PostgreSQL (items as content, posts and tags; likes and bookmarks with their counters and the likes' analytics facts;
/// follows), the trained model and its neighbors published as a retrain would, and `GET /feed/for-you?limit=20` two ways,
/// interleaved with `GET /health/live`: a person's first page (it ranks their list; each request a person not served
/// before) and a new session (a page without cursor by someone served before: from their ranked list). Each at most 8
/// connections (the rate), then open loop at --latency-load of that rate (the latency), with the host's and
/// PostgreSQL's CPU per request.
/// </summary>
public static class RecommendationsBenchmark
{
    public static async Task<int> RunAsync(LoadOptions options, Uri url, string connectionString, Guid[] users, string[] tokens, int? hostPid)
    {
        var end = DateTimeOffset.UtcNow;
        var shape = PopulationShape.Full with { Users = users.Length, Items = users.Length * 5, Interactions = users.Length * 100 };
        var outcome = RecommendationsEvaluation.Run(shape, end);

        await using var db = NpgsqlDataSource.Create(connectionString);
        var seeding = System.Diagnostics.Stopwatch.StartNew();
        var people = await RecommendationsSeeder.SeedAsync(db, outcome.Train, users);
        var store = new Grains.Recommendations.RecommendationStore(db);
        var version = await store.PublishAsync(outcome.Model, outcome.Graph.Neighbors, DateTimeOffset.UtcNow, null);
        Console.WriteLine($"seeded the population and published model {version} in {seeding.Elapsed.TotalSeconds:0.0} s; waiting for the host to load it …");
        await Task.Delay(TimeSpan.FromSeconds(11));

        var connections = Math.Min(options.Connections, 8);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(connections, 64), PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var cpu = new CpuPerRequest(hostPid, await ProcessCpu.PostgresServerAsync(connectionString));
        var order = people.OrderBy(_ => Random.Shared.Next()).ToArray();
        var served = 0;
        HttpRequestMessage FirstPage(Random _) =>
            Scenario.Request(HttpMethod.Get, "/api/v1/feed/for-you?limit=20", tokens[order[(Interlocked.Increment(ref served) - 1) % order.Length]]);
        HttpRequestMessage NewSession(Random r) =>
            Scenario.Request(HttpMethod.Get, "/api/v1/feed/for-you?limit=20", tokens[order[r.Next(Math.Clamp(Volatile.Read(ref served), 1, order.Length))]]);
        var live = new Scenario("live", "GET /health/live", _ => Scenario.Request(HttpMethod.Get, "/health/live", null));
        var first = new Scenario("first", "for-you: first page", FirstPage);
        var session = new Scenario("session", "for-you: new session", NewSession);
        var liveAt = new Scenario("live", "GET /health/live", _ => Scenario.Request(HttpMethod.Get, "/health/live", null));
        var firstAt = new Scenario("first", "for-you: first page", FirstPage);
        var sessionAt = new Scenario("session", "for-you: new session", NewSession);
        Console.WriteLine($"warm-up {options.Warmup.TotalSeconds:0} s ({connections} connections) …");
        var warmUntil = DateTime.UtcNow + options.Warmup;
        while (DateTime.UtcNow < warmUntil)
        {
            await live.RunAsync(http, connections, TimeSpan.FromSeconds(2), measure: false);
            await first.RunAsync(http, connections, TimeSpan.FromSeconds(2), measure: false);
        }
        var load = $"{options.LatencyLoad:0.##} of its rate";
        Console.WriteLine($"measuring {options.Rounds} interleaved rounds of {options.Round.TotalSeconds:0} s per scenario: at {connections} connections "
            + $"(the rate), then open loop at {load} (the latency) …");
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var (s, l) in new[] { (live, liveAt), (first, firstAt), (session, sessionAt) })
            {
                await cpu.MeasureAsync(s, () => s.RunAsync(http, connections, options.Round, measure: true));
                await cpu.MeasureAsync(l, () => l.RunAtRateAsync(http, options.LatencyLoad * s.RequestsPerSecond, options.Round, measure: true));
            }
        }
        Console.WriteLine($"a first page ranks the person's list (nobody is asked twice: {Math.Min(served, order.Length):N0} people served); a new session "
            + "(a page without cursor) of someone served before takes its page from their ranked list");
        Console.WriteLine($"at {connections} connections (closed loop, the machine saturated: latency here is the queue):");
        Report.Print([live, first, session], live);
        cpu.Print([live, first, session]);
        Console.WriteLine($"open loop, each scenario at {load} above (latency from when each request was due):");
        Report.Print([liveAt, firstAt, sessionAt], liveAt);
        cpu.Print([liveAt, firstAt, sessionAt]);
        if (served > order.Length) Console.WriteLine($"note: {served - order.Length:N0} first pages went to people served before (use more --users)");
        foreach (var s in new[] { firstAt, sessionAt })
        {
            var p99 = s.Latency.GetValueAtPercentile(99) / 1000.0;
            Console.WriteLine($"{s.Name}: p99 {p99:0.0} ms at {load} (goal under 20 ms): {(p99 < 20 ? "met" : "NOT met")}");
        }
        using (var sample = await http.SendAsync(Scenario.Request(HttpMethod.Get, "/api/v1/feed/for-you?limit=3", tokens[people[0]])))
        {
            Console.WriteLine($"a page: {await sample.Content.ReadAsStringAsync()}");
        }
        return new[] { live, first, session, liveAt, firstAt, sessionAt }.All(s => s.Errors == 0) ? 0 : 1;
    }
}
