using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Infrastructure.Events;

/// <summary>
/// Keeps outbox_events bounded: delivered rows older than the retention are deleted in small chunks, once a minute.
/// Every silo runs one; overlapping deletes are harmless. Undelivered rows are never deleted.
/// </summary>
public sealed class DeliveredEventsPruner(NpgsqlDataSource db, IOptions<EventOptions> options, ILogger<DeliveredEventsPruner> logger)
    : ChunkedCleanup(logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    protected override int Chunk => 10_000;

    public override async Task<int> CleanChunkAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            DELETE FROM outbox_events WHERE id IN (
                SELECT id FROM outbox_events WHERE delivered_at < now() - $1::interval ORDER BY delivered_at LIMIT $2)
            """);
        Tx.AddParameters(cmd, options.Value.Retention, Chunk);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
