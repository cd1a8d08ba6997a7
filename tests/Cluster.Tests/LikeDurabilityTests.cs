using System.Collections.Concurrent;
using System.Net;
using Npgsql;
using SocialFlow.Cluster.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Engagement;
using Xunit.Abstractions;

namespace SocialFlow.Cluster.Tests;

/// <summary>
/// "Acknowledged means durable" (docs/architecture.md#write-path) under a real kill -9: a like load over two silos, one silo SIGKILLed
/// mid-run. Every 200 must be a like in PostgreSQL; every other answer a 503 with Retry-After (its outcome unknown);
/// afterwards the counters agree with the rows, and the re-activated grains agree with both.
/// </summary>
public sealed class LikeDurabilityTests(ITestOutputHelper output)
{
    private const int VideoCount = 250;
    private const int UserCount = 40;
    private const int Workers = 16;
    private const int LikesPerSecond = 700; // 8,400 in 12 s at most: the pairs (at least 10,000) last the whole run
    private const int MaxInFlight = 256;
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);

    // The load is up to 700 likes/s over 40 users: far above the production per-user bucket, which is not under test here.
    private static readonly Dictionary<string, string> ApiSettings = new()
    {
        ["SocialFlow__RateLimits__PerUserPerSecond"] = "100000",
        ["SocialFlow__RateLimits__PerUserBurst"] = "100000",
    };

    [Fact]
    public async Task KillSiloDuringLikeLoad_EveryAcknowledgedLikeIsCountedOnce_AndFailuresAre503()
    {
        await using var cluster = await LocalCluster.StartAsync(output, silos: 2, ApiSettings);
        var users = await cluster.SignUpAsync(UserCount + 1);
        var (loadUsers, settler) = (users[..UserCount], users[UserCount]);
        var hosts = await PublishVideosAsync(cluster, loadUsers);
        var videos = hosts.Keys.ToList();
        var perSilo = hosts.GroupBy(h => h.Value).OrderByDescending(g => g.Count()).ToList();
        var spread = string.Join(", ", perSilo.Select(g => $"{g.Key.Host.Name} {g.Count()}"));
        cluster.Log($"{videos.Count} videos; content grains per silo: {spread}");
        Assert.True(perSilo.Count == 2 && perSilo[1].Count() >= VideoCount / 5, $"the videos should be spread over both silos: {spread}");
        var (victim, survivor) = (perSilo[0].Key, perSilo[1].Key);
        await AssertCountsAsync(cluster, videos.ToDictionary(v => v, _ => 0L)); // also warms the API host's kind cache

        var random = new Random(3);
        var pairs = loadUsers.SelectMany(u => videos.Select(v => (User: u, Video: v))).OrderBy(_ => random.Next()).ToList();
        using var load = LikeLoad.Start(cluster, pairs, Workers, LikesPerSecond, MaxInFlight, LoadDuration);
        await Task.Delay(KillAfter);
        var killedAt = cluster.Kill(victim);
        await load.WaitAsync();
        cluster.Log($"load ended: {load.Attempts.Count} likes sent");
        var settled = await SettleAsync(cluster, survivor, settler, perSilo[0].First().Key);
        cluster.Log($"settled {(cluster.Elapsed - killedAt).TotalSeconds:0.0} s after the kill");

        var outcome = new LikeLoadOutcome(load.Attempts, [settled], await CommittedLikesAsync(cluster), killedAt);
        Report(outcome.Summary() + $"; {load.Attempts.Count / (load.Until - load.StartedAt).TotalSeconds:0} likes/s sent");
        output.WriteLine(outcome.FailureLog());

        Assert.True(outcome.Unacceptable.Count == 0,
            $"{outcome.Unacceptable.Count} answers were neither 200 liked nor 503 with Retry-After:\n{string.Join('\n', outcome.Unacceptable.Take(50))}");
        Assert.True(outcome.Lost.Count == 0, $"{outcome.Lost.Count} acknowledged likes are not in PostgreSQL: {string.Join(", ", outcome.Lost.Take(20))}");
        Assert.True(outcome.Unasked.Count == 0, $"{outcome.Unasked.Count} likes in PostgreSQL were never sent: {string.Join(", ", outcome.Unasked.Take(20))}");
        Assert.True(outcome.AcknowledgedAfterKill > 0, "no like sent after the kill was acknowledged");
        var rows = await CountersAsync(cluster);
        var drift = rows.Where(r => r.Value.Counter != r.Value.Rows).Select(r => $"{r.Key}: counter {r.Value.Counter}, rows {r.Value.Rows}").ToList();
        Assert.True(drift.Count == 0, $"content_counters.likes differs from the likes rows for {drift.Count} items:\n{string.Join('\n', drift)}");
        await AssertCountsAsync(cluster, rows.ToDictionary(r => r.Key, r => r.Value.Rows));
        cluster.Passed();
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine($"[{nameof(LikeDurabilityTests)}] {line}");
    }

    /// <summary>
    /// Publishes videos (the test's client activates their grains) until there are <see cref="VideoCount"/> and each silo
    /// hosts at least a fifth of them, in bounded batches: Orleans' default resource-optimized placement may put a whole
    /// batch on whichever silo looks less busy at that moment. Returns where each video's grain lives.
    /// </summary>
    private static async Task<Dictionary<Guid, SiloProcess>> PublishVideosAsync(LocalCluster cluster, IReadOnlyList<LoadUser> owners)
    {
        const int batchSize = 50, maxBatches = 3 * VideoCount / batchSize;
        var hosts = new ConcurrentDictionary<Guid, SiloProcess>();
        bool Spread() => hosts.Count >= VideoCount && cluster.Silos.All(s => hosts.Values.Count(h => h == s) >= VideoCount / 5);
        for (var batch = 0; batch < maxBatches && !Spread(); batch++)
        {
            if (hosts.Count >= VideoCount) await Task.Delay(500); // skewed: let the silos' load statistics move on
            await Parallel.ForEachAsync(Enumerable.Range(0, batchSize), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
            {
                var id = Guid.NewGuid();
                var grain = await cluster.GrainAsync<IContentGrain>(id);
                await grain.PublishAsync(new ContentInfo(id, ContentKind.Video, owners[Random.Shared.Next(owners.Count)].Id, Visibility.Public, null, DateTimeOffset.UtcNow));
                hosts[id] = await cluster.SiloHostingAsync(grain, log: false);
            });
        }
        return new(hosts);
    }

    /// <summary>
    /// Waits (bounded) until the dead silo is out of the membership, /health/ready answers 200, and a like on a video the
    /// dead silo hosted is acknowledged; meanwhile every answer must be 200 or 503 with Retry-After. Returns that like.
    /// </summary>
    private static async Task<(Guid Video, Guid User)> SettleAsync(LocalCluster cluster, SiloProcess survivor, LoadUser user, Guid formerlyOnVictim)
    {
        var deadline = cluster.Elapsed + SettleLimit;
        await cluster.WaitUntilServingAsync([survivor], SettleLimit);
        while (true)
        {
            using var like = await cluster.Api.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{formerlyOnVictim}/like", null, user.Token);
            if (like.StatusCode == HttpStatusCode.OK && (await like.ReadJsonAsync()).GetProperty("liked").GetBoolean()) return (formerlyOnVictim, user.Id);
            Assert.True(like.StatusCode == HttpStatusCode.ServiceUnavailable && like.Headers.RetryAfter is not null && cluster.Elapsed < deadline,
                $"like after the kill: {(int)like.StatusCode} {await like.Content.ReadAsStringAsync()}");
            await Task.Delay(250);
        }
    }

    /// <summary>GET /counts of every video answers the expected like count (a 503 with Retry-After is retried, bounded).</summary>
    private static async Task AssertCountsAsync(LocalCluster cluster, IReadOnlyDictionary<Guid, long> expected)
    {
        var deadline = cluster.Elapsed + SettleLimit;
        await Parallel.ForEachAsync(expected, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) =>
        {
            while (true)
            {
                using var response = await cluster.Api.GetAsync($"/api/v1/videos/{item.Key}/counts");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var likes = (await response.ReadJsonAsync()).GetProperty("like_count").GetInt64();
                    Assert.True(likes == item.Value, $"GET /counts of {item.Key}: like_count {likes}, PostgreSQL has {item.Value}");
                    return;
                }
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null && cluster.Elapsed < deadline,
                    $"GET /counts of {item.Key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                await Task.Delay(250);
            }
        });
    }

    private static async Task<HashSet<(Guid Video, Guid User)>> CommittedLikesAsync(LocalCluster cluster)
    {
        var likes = new HashSet<(Guid, Guid)>();
        await using var connection = new NpgsqlConnection(cluster.Database.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT content_id, user_id FROM likes", connection);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) likes.Add((r.GetGuid(0), r.GetGuid(1)));
        return likes;
    }

    /// <summary>Per item: content_counters.likes (0 when there is no row) and the number of likes rows.</summary>
    private static async Task<Dictionary<Guid, (long Counter, long Rows)>> CountersAsync(LocalCluster cluster)
    {
        var counts = new Dictionary<Guid, (long, long)>();
        await using var connection = new NpgsqlConnection(cluster.Database.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT c.id, coalesce(k.likes, 0), (SELECT count(*) FROM likes l WHERE l.content_id = c.id)
            FROM content c LEFT JOIN content_counters k ON k.content_id = c.id
            """, connection);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) counts[r.GetGuid(0)] = (r.GetInt64(1), r.GetInt64(2));
        return counts;
    }
}
