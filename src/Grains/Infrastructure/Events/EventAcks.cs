using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Infrastructure.Events;

/// <summary>
/// The silo's acknowledgement writer: consumers hand it the ids of events they have handled, and one loop marks
/// everything queued as delivered in one statement. Consumers do not wait for it: an acknowledgement that is lost
/// (failed batch, silo gone) only means the event is published again after its lease, and consumers dedupe.
/// </summary>
public sealed class EventAcks(NpgsqlDataSource db, ILogger<EventAcks> logger) : BackgroundService
{
    private const int MaxBatch = 1000;
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public void Ack(Guid eventId) => _queue.Writer.TryWrite(eventId);

    public override Task StopAsync(CancellationToken ct)
    {
        // Write what is queued, then end: the loop drains the channel and returns when it is empty and completed.
        _queue.Writer.TryComplete();
        return base.StopAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ids = new List<Guid>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            ids.Clear();
            while (ids.Count < MaxBatch && _queue.Reader.TryRead(out var id)) ids.Add(id);
            try
            {
                await using var cmd = db.CreateCommand(
                    "UPDATE outbox_events SET delivered_at = now(), lease_until = NULL WHERE event_id = ANY($1) AND delivered_at IS NULL");
                Tx.AddParameters(cmd, ids.ToArray());
                await cmd.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Acknowledging {Count} events failed; they will be published again after their lease", ids.Count);
                if (!stoppingToken.IsCancellationRequested) await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
    }
}
