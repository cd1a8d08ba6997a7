using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Analytics;

/// <summary>Deletes raw events older than RawRetention (default 90 days), in chunks; their rollups stay.</summary>
public sealed class RawEventsRetention(NpgsqlDataSource db, IOptions<AnalyticsOptions> options, TimeProvider clock, ILogger<RawEventsRetention> logger)
    : ChunkedCleanup(logger)
{
    protected override TimeSpan Interval => options.Value.RetentionInterval;

    protected override int Chunk => 5_000;

    public override async Task<int> CleanChunkAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            DELETE FROM analytics_events WHERE id IN (SELECT id FROM analytics_events WHERE occurred_at < $1 LIMIT $2)
            """);
        Tx.AddParameters(cmd, clock.GetUtcNow() - options.Value.RawRetention, Chunk);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
