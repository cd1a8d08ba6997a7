using SocialFlow.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialFlow.Cluster.Tests;

/// <summary>
/// Domain events over real silo processes and an API host in client mode: the outbox is the durability, so events a
/// SIGKILLed silo held in its memory streams or consumers (published, never acknowledged) go out again after their lease.
/// </summary>
public sealed class EventDeliveryTests(ITestOutputHelper output)
{
    private const int Events = 20_000;
    private const int Streams = 500;

    private static readonly Dictionary<string, string> SiloSettings = new()
    {
        ["SocialFlow__Events__Lease"] = "00:00:02",
        ["SocialFlow__Events__PollInterval"] = "00:00:00.200",
    };

    [Fact]
    public async Task KillSiloWhileDispatching_EveryEventIsStillDelivered()
    {
        await using var cluster = await LocalCluster.StartAsync(output, silos: 2, siloSettings: SiloSettings);
        var (_, tokens) = await cluster.Api.SignUpAsync();
        var created = await cluster.Api.PostJsonAsync("/api/v1/videos",
            new { title = "Events", description = "", tags = Array.Empty<string>(), visibility = "public", size = 1000 }, tokens.AccessToken);
        var videoId = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        await WaitAsync(cluster, TimeSpan.FromSeconds(20), "the video's created event acknowledged", async () => await cluster.Database.ScalarAsync<DateTime?>(
            "SELECT delivered_at FROM outbox_events WHERE stream_key = $1 AND kind = 'created'", videoId) is not null);

        Assert.Equal(Events, await cluster.Database.ScalarAsync<long>("""
            WITH inserted AS (
                INSERT INTO outbox_events (event_id, stream_namespace, stream_key, actor_id, kind, payload)
                SELECT gen_random_uuid(), 'videos', keys.k[1 + i % $2], keys.k[1 + i % $2], 'probe', '{}'
                FROM generate_series(1, $1) AS i, (SELECT array_agg(gen_random_uuid()) AS k FROM generate_series(1, $2)) AS keys
                RETURNING 1)
            SELECT count(*) FROM inserted
            """, Events, Streams));
        await WaitAsync(cluster, TimeSpan.FromSeconds(30), "a fifth of the events acknowledged", async () => await DeliveredAsync(cluster) >= Events / 5);
        cluster.Kill(cluster.Silos[0]);
        var deliveredAtKill = await DeliveredAsync(cluster);
        cluster.Log($"{deliveredAtKill} of {Events} events acknowledged when the silo was killed");

        await WaitAsync(cluster, TimeSpan.FromSeconds(90), "every event acknowledged", async () => await DeliveredAsync(cluster) == Events + 1);
        var republished = await cluster.Database.ScalarAsync<long>("SELECT count(*) FROM outbox_events WHERE attempts > 1");
        cluster.Log($"all delivered; {republished} events were published more than once");
        Assert.True(deliveredAtKill < Events + 1, "the kill came after dispatching had finished; it tested nothing");
        cluster.Passed();
    }

    private static async Task<long> DeliveredAsync(LocalCluster cluster) =>
        await cluster.Database.ScalarAsync<long>("SELECT count(*) FROM outbox_events WHERE delivered_at IS NOT NULL");

    private static async Task WaitAsync(LocalCluster cluster, TimeSpan within, string what, Func<Task<bool>> condition)
    {
        var deadline = cluster.Elapsed + within;
        while (!await condition())
        {
            if (cluster.Elapsed > deadline) throw new TimeoutException($"Not within {within.TotalSeconds:0} s: {what}");
            await Task.Delay(50);
        }
    }
}
