using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Analytics;

namespace SocialFlow.Grains.Analytics;

/// <summary>
/// Reads of the analytics tables: rollups for dashboards and exports, and the raw events' duplicates. A dashboard's
/// three reads are prepared on the <see cref="PostgresRegistration.PreparedPool"/>: planned anew each time they cost
/// more to plan than to run, and the planner, seeing a recent range of days, took the rollups' bucket index and
/// filtered a whole day's rows of every key (13.8 ms against 1.9 ms through the primary key for 90 days of 15 metrics).
/// </summary>
public sealed class AnalyticsStore(NpgsqlDataSource db, [FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared)
{
    public static readonly Guid PlatformKey = Guid.Empty;

    public static DateTimeOffset Utc(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static string ScopeName(AnalyticsScope scope) => scope switch
    {
        AnalyticsScope.Platform => "platform",
        AnalyticsScope.Items => "item",
        _ => "creator",
    };

    /// <summary>How many of these client event ids the actor has already stored.</summary>
    public async Task<int> CountStoredAsync(string actorKey, IReadOnlyList<string> clientEventIds)
    {
        if (clientEventIds.Count == 0) return 0;
        await using var cmd = db.CreateCommand("SELECT count(*) FROM analytics_events WHERE actor_key = $1 AND client_event_id = ANY($2)");
        Tx.AddParameters(cmd, actorKey, clientEventIds.ToArray());
        return (int)(long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The daily rollup rows of one creator or the platform over [from, to).</summary>
    public async Task<List<ExportRow>> DailyAsync(AnalyticsScope scope, Guid key, DateOnly from, DateOnly to)
    {
        await using var daily = await PreparedCommand.OpenAsync(prepared, """
            SELECT bucket, key, metric, value FROM analytics_rollups
            WHERE scope = $1 AND key = $2 AND period = 'day' AND bucket >= $3 AND bucket < $4
            """, ScopeName(scope), key, Utc(from), Utc(to));
        return await RowsAsync(daily.Command);
    }

    /// <summary>Distinct counts per day over [from, to) and over the whole range, by metric.</summary>
    public async Task<(List<ExportRow> Days, Dictionary<string, long> Range)> UniquesAsync(AnalyticsScope scope, Guid key, DateOnly from, DateOnly to)
    {
        await using var uniques = await PreparedCommand.OpenAsync(prepared, """
            SELECT bucket, key, metric, hll_cardinality(sketch)::bigint FROM analytics_uniques
            WHERE scope = $1 AND key = $2 AND period = 'day' AND bucket >= $3 AND bucket < $4
            UNION ALL
            SELECT NULL, $2, metric, coalesce(hll_cardinality(hll_union_agg(sketch)), 0)::bigint FROM analytics_uniques
            WHERE scope = $1 AND key = $2 AND period = 'day' AND bucket >= $3 AND bucket < $4 GROUP BY metric
            """, ScopeName(scope), key, Utc(from), Utc(to));
        var days = new List<ExportRow>();
        var range = new Dictionary<string, long>();
        await using var r = await uniques.Command.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            if (r.IsDBNull(0)) range[r.GetString(2)] = r.GetInt64(3);
            else days.Add(new ExportRow(DateOnly.FromDateTime(r.GetDateTime(0)), r.GetGuid(1), r.GetString(2), r.GetInt64(3)));
        }
        return (days, range);
    }

    /// <summary>The creator's items with the most views over [from, to), with their watch time.</summary>
    public async Task<List<TopItem>> TopItemsAsync(Guid creator, DateOnly from, DateOnly to, int limit)
    {
        await using var top = await PreparedCommand.OpenAsync(prepared, """
            SELECT key, sum(value) FILTER (WHERE metric = 'views')::bigint AS views, sum(value) FILTER (WHERE metric = 'watch_seconds')::bigint
            FROM analytics_rollups
            WHERE item_owner = $1 AND scope = 'item' AND period = 'day' AND metric IN ('views', 'watch_seconds') AND bucket >= $2 AND bucket < $3
            GROUP BY key ORDER BY views DESC NULLS LAST, key LIMIT $4
            """, creator, Utc(from), Utc(to), limit);
        var items = new List<TopItem>();
        await using var r = await top.Command.ExecuteReaderAsync();
        while (await r.ReadAsync()) items.Add(new TopItem(r.GetGuid(0), r.IsDBNull(1) ? 0 : r.GetInt64(1), r.IsDBNull(2) ? 0 : r.GetInt64(2)));
        return items;
    }

    /// <summary>
    /// One page of daily rows in (day, key, metric) order after <paramref name="after"/>: the creator's own row (creator),
    /// their items' rows (items) or the platform's. The counters, and the day's distinct counts as rows of the same shape
    /// (unique_viewers of an item or creator, active_accounts of the platform), estimated from their sketches. An item's
    /// sketch has no owner column: an item is the creator's when its rollups of that day are.
    /// </summary>
    public async Task<List<ExportRow>> ExportPageAsync(AnalyticsScope scope, Guid key, DateOnly from, DateOnly to, ExportRow? after, int size)
    {
        var (owner, uniqueOwner) = scope == AnalyticsScope.Items
            ? ("item_owner = $2", """
                EXISTS (SELECT 1 FROM analytics_rollups r
                        WHERE r.scope = u.scope AND r.key = u.key AND r.period = 'day' AND r.bucket = u.bucket AND r.item_owner = $2)
                """)
            : ("key = $2", "u.key = $2");
        await using var cmd = db.CreateCommand($"""
            SELECT bucket, key, metric, value FROM (
                SELECT bucket, key, metric, value FROM analytics_rollups
                WHERE scope = $1 AND {owner} AND period = 'day' AND bucket >= $3 AND bucket < $4
                UNION ALL
                SELECT u.bucket, u.key, CASE u.metric WHEN 'viewers' THEN 'unique_viewers' ELSE u.metric END, hll_cardinality(u.sketch)::bigint
                FROM analytics_uniques u
                WHERE u.scope = $1 AND {uniqueOwner} AND u.period = 'day' AND u.bucket >= $3 AND u.bucket < $4) AS rows
            WHERE (bucket, key, metric) > ($5, $6, $7)
            ORDER BY bucket, key, metric LIMIT $8
            """);
        Tx.AddParameters(cmd, ScopeName(scope), key, Utc(from), Utc(to), after is null ? Utc(from).AddDays(-1) : Utc(after.Day),
            after?.Key ?? Guid.Empty, after?.Metric ?? "", size);
        return await RowsAsync(cmd);
    }

    private static async Task<List<ExportRow>> RowsAsync(NpgsqlCommand cmd)
    {
        var rows = new List<ExportRow>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add(new ExportRow(DateOnly.FromDateTime(r.GetDateTime(0)), r.GetGuid(1), r.GetString(2), r.GetInt64(3)));
        return rows;
    }
}
