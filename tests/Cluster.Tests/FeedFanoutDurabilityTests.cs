using System.Net;
using SocialFlow.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialFlow.Cluster.Tests;

/// <summary>
/// Home-feed fan-out over real silo processes: a silo is SIGKILLed while a post is being pushed into its author's
/// followers' feeds. The post's event is not acknowledged, comes back after its lease, and the repeated fan-out only
/// completes what is missing: every follower's feed holds every committed post exactly once.
/// </summary>
public sealed class FeedFanoutDurabilityTests(ITestOutputHelper output)
{
    private const int SeededFollowers = 3000;
    private const int ReadingFollowers = 4;
    private const int Posts = 12;

    private static readonly Dictionary<string, string> SiloSettings = new()
    {
        ["SocialFlow__Events__Lease"] = "00:00:02",
        ["SocialFlow__Events__PollInterval"] = "00:00:00.200",
        // Small steps, so a fan-out lasts long enough to be cut in the middle.
        ["SocialFlow__Feeds__FanoutBatch"] = "100",
        ["SocialFlow__Feeds__FanoutParallelism"] = "8",
    };

    [Fact]
    public async Task KillSiloMidFanout_EveryFollowerHoldsEveryCommittedPostOnce()
    {
        await using var cluster = await LocalCluster.StartAsync(output, silos: 2, siloSettings: SiloSettings);
        var (author, authorTokens) = await cluster.Api.SignUpAsync();
        var readers = new List<(TestUser User, Tokens Tokens)>();
        for (var i = 0; i < ReadingFollowers; i++) readers.Add(await cluster.Api.SignUpAsync());
        await SeedFollowersAsync(cluster, author.Id, readers.Select(r => r.User.Id).ToArray());
        var followers = SeededFollowers + ReadingFollowers;
        foreach (var (_, tokens) in readers) Assert.Empty(await HomeAsync(cluster, tokens)); // windows loaded: pushes reach memory

        var acknowledged = new List<Guid>();
        var (failed, killedMidFanout) = (0, false);
        for (var i = 0; i < Posts; i++)
        {
            var response = await cluster.Api.PostJsonAsync("/api/v1/posts", new { text = $"post {i}", visibility = "public" }, authorTokens.AccessToken);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                failed++;
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                continue;
            }
            var id = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
            acknowledged.Add(id);
            if (i == Posts / 3) killedMidFanout = await KillDuringFanoutAsync(cluster, id, followers + 1);
        }
        cluster.Log($"posts: {acknowledged.Count} acknowledged, {failed} failed with 503");
        Assert.True(killedMidFanout, "the kill did not land in the middle of a fan-out; it tested nothing");

        var committed = await cluster.Database.ScalarAsync<Guid[]>("SELECT array_agg(id ORDER BY created_at DESC) FROM posts WHERE author_id = $1", author.Id) ?? [];
        Assert.Subset(committed.ToHashSet(), acknowledged.ToHashSet());
        await WaitAsync(cluster, TimeSpan.FromSeconds(90), "every post event acknowledged", async () => await cluster.Database.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_events WHERE stream_namespace = 'posts' AND delivered_at IS NULL") == 0);
        var missing = await cluster.Database.ScalarAsync<long>("""
            SELECT count(*) FROM (SELECT follower_id AS user_id FROM follows WHERE followee_id = $1 UNION SELECT $1) u
            CROSS JOIN unnest($2::uuid[]) AS p(id)
            WHERE NOT EXISTS (SELECT 1 FROM feed_entries e WHERE e.user_id = u.user_id AND e.item_id = p.id)
            """, author.Id, committed);
        cluster.Log($"{committed.Length} committed posts × {followers + 1} feeds; {missing} feed entries missing");
        Assert.Equal(0L, missing);

        // What the followers read: each committed post exactly once, newest first.
        foreach (var (_, tokens) in readers)
        {
            var ids = await HomeAsync(cluster, tokens);
            Assert.Equal(committed, ids);
        }
        cluster.Passed();
    }

    /// <summary>Waits until the post is in some but not all feeds, then SIGKILLs silo 0; false when the fan-out was never seen midway.</summary>
    private static async Task<bool> KillDuringFanoutAsync(LocalCluster cluster, Guid post, int feeds)
    {
        var deadline = cluster.Elapsed + TimeSpan.FromSeconds(20);
        while (cluster.Elapsed < deadline)
        {
            var stored = await cluster.Database.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE item_id = $1", post);
            if (stored >= feeds) return false;
            if (stored > 1)
            {
                cluster.Kill(cluster.Silos[0]);
                cluster.Log($"killed silo 0 with post {post} in {stored} of {feeds} feeds");
                return true;
            }
            await Task.Delay(10);
        }
        return false;
    }

    private static async Task SeedFollowersAsync(LocalCluster cluster, Guid author, Guid[] readers)
    {
        var seeded = Enumerable.Range(0, SeededFollowers).Select(_ => Guid.NewGuid()).ToArray();
        await cluster.Database.ScalarAsync<object>("""
            INSERT INTO accounts (id, email, username, password_hash)
            SELECT id, 'f' || replace(id::text, '-', '') || '@seed.invalid', 'f' || replace(id::text, '-', ''), 'seeded' FROM unnest($1::uuid[]) AS t(id)
            """, seeded);
        await cluster.Database.ScalarAsync<object>("""
            INSERT INTO follows (follower_id, followee_id, created_at)
            SELECT f, $2, now() - make_interval(secs => i) FROM unnest($1::uuid[]) WITH ORDINALITY AS t(f, i)
            """, seeded.Concat(readers).ToArray(), author);
        await cluster.Database.ScalarAsync<object>("INSERT INTO user_graph_counts (user_id, followers) VALUES ($1, $2)", author, seeded.Length + readers.Length);
    }

    private static async Task<List<Guid>> HomeAsync(LocalCluster cluster, Tokens tokens)
    {
        var body = await (await cluster.Api.GetAsync("/api/v1/feed/home?limit=50", tokens.AccessToken)).ReadJsonAsync();
        return [.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }

    private static async Task WaitAsync(LocalCluster cluster, TimeSpan within, string what, Func<Task<bool>> condition)
    {
        var deadline = cluster.Elapsed + within;
        while (!await condition())
        {
            if (cluster.Elapsed > deadline) throw new TimeoutException($"Not within {within.TotalSeconds:0} s: {what}");
            await Task.Delay(100);
        }
    }
}
