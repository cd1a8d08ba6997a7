using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SocialFlow.Grains.Content.Engagement;

/// <summary>
/// Keeps view_dedup bounded: rows older than the view window no longer de-duplicate anything, so they are deleted
/// in small chunks. Every silo runs one; overlapping deletes are harmless.
/// </summary>
public sealed class ViewDedupPruner(NpgsqlDataSource db, IOptions<EngagementOptions> options, ILogger<ViewDedupPruner> logger) : BackgroundService
{
    private const int Chunk = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await PruneChunkAsync(stoppingToken) == Chunk) { }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Pruning view_dedup failed ({Message}); retrying next interval", e.Message);
            }
        }
    }

    public async Task<int> PruneChunkAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            DELETE FROM view_dedup WHERE ctid IN (
                SELECT ctid FROM view_dedup WHERE counted_at < now() - $1::interval LIMIT $2)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = options.Value.ViewWindow });
        cmd.Parameters.Add(new NpgsqlParameter { Value = Chunk });
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
