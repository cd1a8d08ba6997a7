using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SocialFlow.Grains.Infrastructure;
using SocialFlow.Grains.Infrastructure.Telemetry;

namespace SocialFlow.Grains.Analytics;

/// <summary>
/// The silo's group commit for analytics (docs/architecture.md#write-path): every queued batch of raw events is written
/// in ONE statement that inserts the new ones (duplicates dropped by (actor_key, client_event_id); events about an
/// item that is not content dropped) and adds exactly those to the rollups (analytics_deltas, analytics_unique_keys:
/// the same functions the rebuild uses). So a rollup never counts an event twice, and counts every stored one.
/// </summary>
public sealed class AnalyticsWriter : BackgroundService
{
    private const int MaxBatch = 100;
    private static readonly KeyValuePair<string, object?> Writer = new("writer", "analytics");

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

    private readonly NpgsqlDataSource _db;
    private readonly SocialFlowMetrics _metrics;
    private readonly BatchingQueue<Write> _writes;
    private readonly ILogger _logger;

    public AnalyticsWriter(NpgsqlDataSource db, SocialFlowMetrics metrics, ILogger<AnalyticsWriter> logger)
    {
        (_db, _metrics, _logger) = (db, metrics, logger);
        _writes = new BatchingQueue<Write>(BatchingQueue<Write>.ItemByItemOnFailure(CommitAsync, logger, "analytics batches"), MaxBatch);
    }

    /// <summary>Writes the events once their group commits; returns which of them were new (the others were already stored or are about no content).</summary>
    public async Task<IReadOnlySet<int>> WriteAsync(IReadOnlyList<RawEvent> events)
    {
        if (events.Count == 0) return new HashSet<int>();
        var write = new Write(events);
        if (!_writes.TryEnqueue(write, out var written)) throw new InvalidOperationException("The analytics writer is stopping; nothing was written.");
        await written;
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
        if (!_writes.TryEnqueue(new Write(events), out var written))
        {
            _logger.LogWarning("The analytics writer is stopping: {Count} server facts were not written", events.Count);
            return;
        }
        // Not on the caller's scheduler: a grain that posted may be gone when the batch commits.
        _ = written.ContinueWith(t => _logger.LogWarning(t.Exception, "{Count} server facts could not be written to analytics", events.Count),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _writes.Complete();
        return base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _writes.RunAsync();

    private async Task CommitAsync(IReadOnlyList<Write> writes)
    {
        var started = TimeProvider.System.GetTimestamp();
        foreach (var w in writes) w.Stored.Clear();
        var rows = writes.SelectMany(w => w.Events.Select((e, i) => (Write: w, Index: i, Id: Guid.CreateVersion7(), Event: e))).ToList();
        await using var cmd = _db.CreateCommand(Sql);
        Add(cmd, rows.Select(r => r.Id));
        Add(cmd, rows.Select(r => r.Event.ActorKey));
        Add(cmd, rows.Select(r => r.Event.UserId));
        Add(cmd, rows.Select(r => r.Event.ClientEventId));
        Add(cmd, rows.Select(r => r.Event.Kind));
        Add(cmd, rows.Select(r => r.Event.ItemId));
        Add(cmd, rows.Select(r => r.Event.OwnerId));
        Add(cmd, rows.Select(r => r.Event.Seconds));
        Add(cmd, rows.Select(r => r.Event.PositionPercent));
        Add(cmd, rows.Select(r => r.Event.Source));
        Add(cmd, rows.Select(r => r.Event.Platform));
        Add(cmd, rows.Select(r => r.Event.AdId));
        Add(cmd, rows.Select(r => r.Event.Amount));
        Add(cmd, rows.Select(r => r.Event.Currency));
        Add(cmd, rows.Select(r => r.Event.IpPrefix));
        Add(cmd, rows.Select(r => r.Event.OccurredAt.ToUniversalTime()));
        var stored = new HashSet<Guid>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) stored.Add(reader.GetGuid(0));
        }
        foreach (var r in rows.Where(r => stored.Contains(r.Id))) r.Write.Stored.Add(r.Index);
        _metrics.GroupCommitDuration.Record(TimeProvider.System.GetElapsedTime(started).TotalSeconds, Writer, new("outcome", "committed"));
        _metrics.GroupCommitBatchSize.Record(rows.Count, Writer);
    }

    private static void Add<T>(NpgsqlCommand cmd, IEnumerable<T> values) => cmd.Parameters.Add(new NpgsqlParameter { Value = values.ToArray() });

    private sealed class Write(IReadOnlyList<RawEvent> events)
    {
        public IReadOnlyList<RawEvent> Events { get; } = events;

        public HashSet<int> Stored { get; } = [];
    }
}
