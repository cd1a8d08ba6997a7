using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Notifications;

/// <summary>Deletes dedupe ids older than AppliedEventRetention (long after any redelivery) and finished deliveries as old.</summary>
public sealed class AppliedEventsPruner(NpgsqlDataSource db, IOptions<NotificationOptions> options, ILogger<AppliedEventsPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10));
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                await using var cmd = db.CreateCommand("""
                    WITH a AS (DELETE FROM notification_applied_events WHERE applied_at < now() - $1::interval)
                    DELETE FROM notification_deliveries WHERE done_at < now() - $1::interval
                    """);
                Tx.AddParameters(cmd, options.Value.AppliedEventRetention);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Pruning notification dedupe ids failed; next round retries");
            }
        }
    }
}
