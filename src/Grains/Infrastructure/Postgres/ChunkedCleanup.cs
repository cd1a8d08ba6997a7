using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SocialFlow.Grains.Infrastructure.Postgres;

/// <summary>
/// A periodic clean-up done in chunks (every silo runs one; chunks keep each statement and its locks short): on each
/// tick, chunks are cleaned until one comes back smaller than <see cref="Chunk"/>. A failure waits for the next tick.
/// </summary>
public abstract class ChunkedCleanup(ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected abstract int Chunk { get; }

    /// <summary>Cleans one chunk; returns how many rows it took.</summary>
    public abstract Task<int> CleanChunkAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await CleanChunkAsync(stoppingToken) == Chunk) { }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
            {
                logger.LogWarning("{Cleanup} failed ({Message}); retrying in {Interval}", GetType().Name, e.Message, Interval);
            }
        }
    }
}
