using System.Diagnostics;
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

    // One statement at most this often (of up to MaxBatch, 50,000 a second): under a stream of events the
    // acknowledgements are gathered (an UPDATE of 20 rows costs the database about what one of 3 does), and an
    // acknowledgement's delay only matters against the 30 s lease.
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// By the row's id, and with no "delivered_at IS NULL" condition: that condition let the planner take a partial index
    /// of the undelivered rows (outbox_events_in_flight) and filter it by id. With statistics from before a backlog built
    /// up it thought that index empty, and each statement walked every row in flight (2,028 buffers and 108 ms for 3 rows
    /// in the search benchmark's ingest at 300 posts/s), so a pipeline that fell behind fell further behind. Now only the
    /// primary key can serve it (<c>EventAcksPlanTests</c>); a repeated acknowledgement keeps the first delivery time.
    /// </summary>
    public const string AcknowledgeSql = "UPDATE outbox_events SET delivered_at = coalesce(delivered_at, now()), lease_until = NULL WHERE id = ANY($1)";
    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues the acknowledgement of the event whose outbox row is <paramref name="sequence"/> (its id).</summary>
    public void Ack(long sequence) => _queue.Writer.TryWrite(sequence);

    public override Task StopAsync(CancellationToken ct)
    {
        // Write what is queued, then end: the loop drains the channel and returns when it is empty and completed.
        _queue.Writer.TryComplete();
        return base.StopAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ids = new List<long>(MaxBatch);
        var last = 0L;
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            var wait = Interval - Stopwatch.GetElapsedTime(last);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, CancellationToken.None);
            last = Stopwatch.GetTimestamp();
            ids.Clear();
            while (ids.Count < MaxBatch && _queue.Reader.TryRead(out var id)) ids.Add(id);
            try
            {
                await using var cmd = db.CreateCommand(AcknowledgeSql);
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
