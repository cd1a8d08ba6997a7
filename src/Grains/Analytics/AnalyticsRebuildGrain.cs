using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Concurrency;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Analytics;

namespace SocialFlow.Grains.Analytics;

/// <summary>
/// Rebuilds one UTC day per call in one transaction: the rollup tables are locked against writers (EXCLUSIVE: reads go
/// on, the writers' group commits wait for the day), the day's rollups deleted and computed again from its raw events
/// through the same functions the writer uses. Its state is the tables', so any activation may serve the next call.
/// </summary>
[StatelessWorker(1)]
public sealed class AnalyticsRebuildGrain(NpgsqlDataSource db, IOptions<AnalyticsOptions> options, TimeProvider clock) : Grain, IAnalyticsRebuildGrain
{
    public async Task<DateOnly?> FirstRebuildableDayAsync()
    {
        await using var cmd = db.CreateCommand("SELECT min(occurred_at) FROM analytics_events WHERE occurred_at >= $1");
        // The day the retention cut falls in has lost some of its raw events: the first whole day after it.
        var firstWhole = DateOnly.FromDateTime((clock.GetUtcNow() - options.Value.RawRetention).UtcDateTime).AddDays(1);
        Tx.AddParameters(cmd, AnalyticsStore.Utc(firstWhole));
        return await cmd.ExecuteScalarAsync() is DateTime oldest ? DateOnly.FromDateTime(oldest) : null;
    }

    public async Task<RebuiltDay> RebuildDayAsync(DateOnly day)
    {
        var (from, to) = (AnalyticsStore.Utc(day), AnalyticsStore.Utc(day.AddDays(1)));
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("LOCK TABLE analytics_rollups, analytics_uniques IN EXCLUSIVE MODE");
        await tx.ExecuteAsync("DELETE FROM analytics_rollups WHERE bucket >= $1 AND bucket < $2", from, to);
        await tx.ExecuteAsync("DELETE FROM analytics_uniques WHERE bucket >= $1 AND bucket < $2", from, to);
        var rollups = await tx.ExecuteAsync("""
            INSERT INTO analytics_rollups (scope, key, period, bucket, metric, value, item_owner)
            SELECT d.scope, d.key, d.period, d.bucket, d.metric, sum(d.delta), (array_agg(d.item_owner) FILTER (WHERE d.item_owner IS NOT NULL))[1]
            FROM analytics_events e
            CROSS JOIN LATERAL analytics_deltas(e.kind, e.item_id, e.owner_id, e.seconds, e.position_pct, e.source, e.amount, e.currency, e.occurred_at) d
            WHERE e.occurred_at >= $1 AND e.occurred_at < $2
            GROUP BY 1, 2, 3, 4, 5
            """, from, to);
        await tx.ExecuteAsync("""
            INSERT INTO analytics_uniques (scope, key, period, bucket, metric, sketch)
            SELECT k.scope, k.key, k.period, k.bucket, k.metric, hll_add_agg(hll_hash_text(e.actor_key))
            FROM analytics_events e CROSS JOIN LATERAL analytics_unique_keys(e.kind, e.item_id, e.owner_id, e.actor_key, e.occurred_at) k
            WHERE e.occurred_at >= $1 AND e.occurred_at < $2
            GROUP BY 1, 2, 3, 4, 5
            """, from, to);
        long events;
        await using (var count = tx.Command("SELECT count(*) FROM analytics_events WHERE occurred_at >= $1 AND occurred_at < $2", from, to))
        {
            events = (long)(await count.ExecuteScalarAsync())!;
        }
        await tx.CommitAsync();
        return new RebuiltDay(day, events, rollups);
    }
}
