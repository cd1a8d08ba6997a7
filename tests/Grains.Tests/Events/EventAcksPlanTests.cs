using SocialFlow.Grains.Infrastructure.Events;

namespace SocialFlow.Grains.Tests.Events;

/// <summary>
/// Acknowledgements reach their rows by the primary key even when the statistics predate a backlog: a plan through the
/// index of undelivered rows walks every row in flight for each acknowledgement, so a pipeline that fell behind fell
/// further behind.
/// </summary>
public sealed class EventAcksPlanTests
{
    [Fact]
    public async Task Acknowledgement_UsesThePrimaryKey_WhenStatisticsSawNoBacklog()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await database.ExecuteAsync("""
            INSERT INTO outbox_events (event_id, stream_namespace, stream_key, actor_id, kind, payload, delivered_at)
            SELECT gen_random_uuid(), 'posts', gen_random_uuid(), gen_random_uuid(), 'created', '{}', now() FROM generate_series(1, 20000)
            """);
        await database.ExecuteAsync("ANALYZE outbox_events");
        await database.ExecuteAsync("""
            INSERT INTO outbox_events (event_id, stream_namespace, stream_key, actor_id, kind, payload, attempts, lease_until)
            SELECT gen_random_uuid(), 'posts', gen_random_uuid(), gen_random_uuid(), 'created', '{}', 1, now() + interval '30 seconds'
            FROM generate_series(1, 4000)
            """);
        var inFlight = (await database.ScalarAsync<long[]>("SELECT array_agg(id) FROM (SELECT id FROM outbox_events WHERE delivered_at IS NULL ORDER BY id LIMIT 20) x"))!;

        var plan = await database.ScalarAsync<string>($"EXPLAIN (COSTS OFF, FORMAT JSON) {EventAcks.AcknowledgeSql}", inFlight);
        await database.ExecuteAsync(EventAcks.AcknowledgeSql, inFlight);

        Assert.Contains("\"outbox_events_pkey\"", plan);
        Assert.DoesNotContain("outbox_events_in_flight", plan);
        Assert.DoesNotContain("outbox_events_undelivered", plan);
        Assert.Equal(20, await database.ScalarAsync<long>("SELECT count(*) FROM outbox_events WHERE id = ANY($1) AND delivered_at IS NOT NULL AND lease_until IS NULL", inFlight));
        Assert.Equal(3980, await database.ScalarAsync<long>("SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL"));
    }
}
