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
    : BackgroundService
{
    private const int Chunk = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await PruneChunkAsync(stoppingToken) == Chunk) { }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Pruning outbox_events failed ({Message}); retrying next minute", e.Message);
            }
        }
    }

    public async Task<int> PruneChunkAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            DELETE FROM outbox_events WHERE id IN (
                SELECT id FROM outbox_events WHERE delivered_at < now() - $1::interval ORDER BY delivered_at LIMIT $2)
            """);
        Tx.AddParameters(cmd, options.Value.Retention, Chunk);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
