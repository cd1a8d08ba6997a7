using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SocialFlow.Grains.Infrastructure;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Infrastructure.Telemetry;

namespace SocialFlow.Grains.Analytics;

/// <summary>
/// The silo's group commit for analytics (docs/architecture.md#write-path): every queued batch of raw events is written
/// in ONE statement that inserts the new ones (duplicates dropped by (actor_key, client_event_id); events about an
/// item that is not content dropped) and adds exactly those to the rollups (analytics_deltas, analytics_unique_keys:
/// the same functions the rebuild uses). So a rollup never counts an event twice, and counts every stored one.
/// Two batches may be in flight (events are independent and rollups only add up): while PostgreSQL writes one, the
/// next gathers and starts, which a single loop left idle. Rows are written in one order (the rollups' and uniques'
/// keys sorted, the events by actor and client id), so two batches wait on each other's rows but never deadlock. The
/// statement is prepared on the prepared pool (planning it cost 20 ms a batch). Server facts that must not wait (a
/// live room's presence) are posted (<see cref="Post"/>) rather than awaited.
/// </summary>
public sealed class AnalyticsWriter(
    [FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared, SocialFlowMetrics metrics, ILogger<AnalyticsWriter> logger)
    : GroupCommitWriter<AnalyticsWriter.Write>("analytics", MaxBatch, metrics, logger, InFlight)
{
    private const int MaxBatch = 100, InFlight = 2;

    private const string Sql = """
        WITH i AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::int[], $9::int[],
                                        $10::text[], $11::text[], $12::uuid[], $13::bigint[], $14::text[], $15::text[], $16::timestamptz[])
                   AS t (id, actor_key, user_id, client_event_id, kind, item_id, owner_id, seconds, position_pct, source, platform, ad_id, amount, currency, ip_prefix, occurred_at)),
        e AS (INSERT INTO analytics_events (id, actor_key, user_id, client_event_id, kind, item_id, owner_id, seconds, position_pct, source, platform,
                                            ad_id, amount, currency, ip_prefix, occurred_at, received_at)
              SELECT i.id, i.actor_key, i.user_id, i.client_event_id, i.kind, i.item_id, coalesce(c.owner_id, i.owner_id), i.seconds, i.position_pct,
                     i.source, i.platform, i.ad_id, i.amount, i.currency, i.ip_prefix, i.occurred_at, now()
              FROM i LEFT JOIN content c ON c.id = i.item_id
              WHERE (i.item_id IS NULL OR c.id IS NOT NULL OR i.owner_id IS NOT NULL)
                AND (i.user_id IS NULL OR EXISTS (SELECT 1 FROM accounts a WHERE a.id = i.user_id)) -- a deleted account's late events are dropped
              ORDER BY i.actor_key, i.client_event_id
              ON CONFLICT DO NOTHING
              RETURNING *),
        r AS (INSERT INTO analytics_rollups AS r (scope, key, period, bucket, metric, value, item_owner)
              SELECT d.scope, d.key, d.period, d.bucket, d.metric, sum(d.delta), (array_agg(d.item_owner) FILTER (WHERE d.item_owner IS NOT NULL))[1]
              FROM e CROSS JOIN LATERAL analytics_deltas(e.kind, e.item_id, e.owner_id, e.seconds, e.position_pct, e.source, e.amount, e.currency, e.occurred_at) d
              GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
              ON CONFLICT (scope, key, period, bucket, metric) DO UPDATE SET value = r.value + EXCLUDED.value),
        u AS (INSERT INTO analytics_uniques AS u (scope, key, period, bucket, metric, sketch)
              SELECT k.scope, k.key, k.period, k.bucket, k.metric, hll_add_agg(hll_hash_text(e.actor_key))
              FROM e CROSS JOIN LATERAL analytics_unique_keys(e.kind, e.item_id, e.owner_id, e.actor_key, e.occurred_at) k
              GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
              ON CONFLICT (scope, key, period, bucket, metric) DO UPDATE SET sketch = hll_union(u.sketch, EXCLUDED.sketch))
        SELECT id FROM e
        """;

    /// <summary>Writes the events once their group commits; returns which of them were new (the others were already stored or are about no content).</summary>
    public async Task<IReadOnlySet<int>> WriteAsync(IReadOnlyList<RawEvent> events)
    {
        if (events.Count == 0) return new HashSet<int>();
        var write = new Write(events);
        await QueueAsync(write);
        return write.Stored;
    }

    /// <summary>
    /// Queues the events for the next group commit and returns at once, for callers analytics must never slow (a live
    /// room's presence). A failure is logged, not thrown: events whose outcome is unknown are written again one by one
    /// by the queue, which is safe only for events whose client id is deterministic (a retry is then a duplicate).
    /// </summary>
    public void Post(IReadOnlyList<RawEvent> events)
    {
        if (events.Count == 0) return;
        // Not on the caller's scheduler: a grain that posted may be gone when the batch commits.
        _ = QueueAsync(new Write(events)).ContinueWith(t => logger.LogWarning(t.Exception, "{Count} server facts could not be written to analytics", events.Count),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    protected override async Task CommitAsync(IReadOnlyList<Write> writes)
    {
        foreach (var w in writes) w.Stored.Clear();
        var rows = writes.SelectMany(w => w.Events.Select((e, i) => new Row(w, i, Guid.CreateVersion7(), e))).ToList();
        object[] columns =
        [
            Column(rows, r => r.Id), Column(rows, r => r.Event.ActorKey), Column(rows, r => r.Event.UserId), Column(rows, r => r.Event.ClientEventId),
            Column(rows, r => r.Event.Kind), Column(rows, r => r.Event.ItemId), Column(rows, r => r.Event.OwnerId), Column(rows, r => r.Event.Seconds),
            Column(rows, r => r.Event.PositionPercent), Column(rows, r => r.Event.Source), Column(rows, r => r.Event.Platform),
            Column(rows, r => r.Event.AdId), Column(rows, r => r.Event.Amount), Column(rows, r => r.Event.Currency), Column(rows, r => r.Event.IpPrefix),
            Column(rows, r => r.Event.OccurredAt.ToUniversalTime()),
        ];
        var stored = new HashSet<Guid>();
        await using (var insert = await PreparedCommand.OpenAsync(prepared, Sql, columns))
        await using (var reader = await insert.Command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) stored.Add(reader.GetGuid(0));
        }
        foreach (var r in rows.Where(r => stored.Contains(r.Id))) r.Write.Stored.Add(r.Index);
    }

    private static T[] Column<T>(List<Row> rows, Func<Row, T> value) => [.. rows.Select(value)];

    private sealed record Row(Write Write, int Index, Guid Id, RawEvent Event);

    /// <summary>One caller's events; after the commit, the indexes of those that were new.</summary>
    public sealed class Write(IReadOnlyList<RawEvent> events)
    {
        public IReadOnlyList<RawEvent> Events { get; } = events;

        public HashSet<int> Stored { get; } = [];
    }
}
