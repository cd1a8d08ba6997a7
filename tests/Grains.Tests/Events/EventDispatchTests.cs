using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Tests.Events;

/// <summary>Outbox → dispatcher → stream → acknowledging consumer, on the shared two-silo cluster (two dispatchers, 30 s lease).</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventDispatchTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task VideoCreated_EventReachesTheVideosConsumer_AndIsAcknowledged()
    {
        var (videoId, ownerId) = (Guid.NewGuid(), Guid.NewGuid());
        var created = await fixture.Grains.Ref<IVideoGrain>(videoId)
            .CreateAsync(ownerId, new NewVideo("Events", "", [], VideoVisibility.Public, 1000));
        Assert.Equal(CreateVideoStatus.Created, created.Status);

        await Eventually.HoldsAsync(async () => await fixture.Database.ScalarAsync<DateTime?>("""
            SELECT delivered_at FROM outbox_events WHERE stream_namespace = $1 AND stream_key = $2 AND kind = 'created'
            """, EventStreams.Videos, videoId) is not null, Within, "the created event acknowledged by VideoEventsGrain");
        Assert.Equal(ownerId, await fixture.Database.ScalarAsync<Guid>(
            "SELECT actor_id FROM outbox_events WHERE stream_key = $1", videoId));
        Assert.Equal(1, await fixture.Database.ScalarAsync<int>("SELECT attempts FROM outbox_events WHERE stream_key = $1", videoId));
    }

    [Fact]
    public async Task AQueuedEvent_WakesTheDispatchers_OnceCommitted_AndNoTriggerNotifiesInsideTheWritingTransaction()
    {
        // A NOTIFY inside the writing transaction holds PostgreSQL's notification lock until that commit is flushed:
        // every transaction that queued an event would commit one at a time.
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'outbox_events'::regclass AND NOT tgisinternal"));
        await using var listener = await fixture.Database.DataSource.OpenConnectionAsync();
        await using (var listen = new Npgsql.NpgsqlCommand("LISTEN outbox_events", listener)) await listen.ExecuteNonQueryAsync();
        var key = Guid.NewGuid();
        await using (var tx = await Tx.BeginAsync(fixture.Database.DataSource))
        {
            await EventOutbox.AppendAsync(tx, EventProbeGrain.Namespace, key, key, "probed", new { n = 1 });
            Assert.False(await listener.WaitAsync(TimeSpan.FromMilliseconds(300)), "told before the commit");
            await tx.CommitAsync();
        }
        Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(5)), "told after the commit");
        await Eventually.HoldsAsync(async () => await fixture.Database.ScalarAsync<DateTime?>(
            "SELECT delivered_at FROM outbox_events WHERE stream_key = $1", key) is not null, Within, "the event delivered");
    }

    [Fact]
    public async Task TwoDispatchers_ManyEvents_EachPublishedAndHandledExactlyOnce()
    {
        const int keys = 16, perKey = 20;
        var streams = Enumerable.Range(0, keys).Select(_ => Guid.NewGuid()).ToArray();
        await using (var tx = await Tx.BeginAsync(fixture.Database.DataSource))
        {
            for (var i = 0; i < perKey; i++)
            {
                foreach (var key in streams) await EventOutbox.AppendAsync(tx, EventProbeGrain.Namespace, key, key, "probed", new { n = i });
            }
            await tx.CommitAsync();
        }

        await Eventually.HoldsAsync(async () => await fixture.Database.ScalarAsync<long>("""
            SELECT count(*) FROM outbox_events WHERE stream_key = ANY($1) AND delivered_at IS NULL
            """, streams) == 0, Within, "every event acknowledged");

        Assert.Equal(keys * perKey, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_events WHERE stream_key = ANY($1) AND attempts = 1", streams));
        foreach (var key in streams)
        {
            var report = await fixture.Grains.Ref<IEventProbeGrain>(key).GetAsync();
            Assert.Equal(perKey, report.Deliveries.Count);
            Assert.All(report.Deliveries.Values, n => Assert.Equal(1, n));
            Assert.Equal(Enumerable.Range(0, perKey), report.Handled.Select(e => e.Payload).Select(PayloadN).Order());
            Assert.All(report.Handled, e => Assert.Equal((key, key, "probed"), (e.EntityId, e.ActorId, e.Kind)));
        }
    }

    private static int PayloadN(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("n").GetInt32();
}
