using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SocialFlow.Grains.Recommendations.Ranking;
using SocialFlow.Testing.Recommendations;

namespace SocialFlow.Load;

/// <summary>
/// `--scenario recommendations`: first the offline evaluation (<see cref="RecommendationsEvaluation"/>) of a planted
/// population of --users people (default 10,000) with 5 items and 100 interactions each; then the same population in
/// PostgreSQL (items as content, posts and tags; likes and bookmarks with their counters and the likes' analytics facts;
/// follows), the trained model and its neighbors published as a retrain would, and `GET /feed/for-you?limit=20` by the
/// population's people interleaved with `GET /health/live` (at most 8 connections: the figure wanted is latency, not
/// saturation).
/// </summary>
public static class RecommendationsBenchmark
{
    public static async Task<int> RunAsync(LoadOptions options, Uri url, string connectionString, Guid[] users, string[] tokens)
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
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var live = new Scenario("live", "GET /health/live", _ => Scenario.Request(HttpMethod.Get, "/health/live", null));
        var forYou = new Scenario("for-you", "GET /feed/for-you", r => Scenario.Request(HttpMethod.Get, "/api/v1/feed/for-you?limit=20", tokens[people[r.Next(people.Length)]]));
        Scenario[] scenarios = [live, forYou];
        Console.WriteLine($"warm-up {options.Warmup.TotalSeconds:0} s ({connections} connections) …");
        var warmUntil = DateTime.UtcNow + options.Warmup;
        while (DateTime.UtcNow < warmUntil)
        {
            foreach (var s in scenarios) await s.RunAsync(http, connections, TimeSpan.FromSeconds(2), measure: false);
        }
        Console.WriteLine($"measuring {options.Rounds} interleaved rounds of {options.Round.TotalSeconds:0} s per scenario …");
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var s in scenarios) await s.RunAsync(http, connections, options.Round, measure: true);
        }
        Report.Print(scenarios, live);
        using (var sample = await http.SendAsync(Scenario.Request(HttpMethod.Get, "/api/v1/feed/for-you?limit=3", tokens[people[0]])))
        {
            Console.WriteLine($"a page: {await sample.Content.ReadAsStringAsync()}");
        }
        return scenarios.All(s => s.Errors == 0) ? 0 : 1;
    }
}
