using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Infrastructure.Telemetry;

namespace SocialFlow.Grains.Infrastructure;

/// <summary>
/// A silo's group commit as a hosted service (docs/architecture.md#write-path): callers await their item
/// (<see cref="QueueAsync"/>), the <see cref="BatchingQueue{T}"/> hands everything queued to <see cref="CommitAsync"/>
/// as one batch, a batch that fails is written again item by item (one item that cannot be written fails alone), and
/// every batch is measured (<c>socialflow.group_commit.*</c>, tagged with the writer's name). Stopping writes what is
/// queued, then ends.
/// </summary>
public abstract class GroupCommitWriter<T> : BackgroundService
{
    private readonly string _name;
    private readonly SocialFlowMetrics _metrics;
    private readonly KeyValuePair<string, object?> _writerTag;
    private readonly BatchingQueue<T> _writes;

    /// <param name="name">The writer's name in metrics, logs and errors (e.g. "ledger").</param>
    /// <param name="inFlight">Batches written at once: more than one only for items whose order does not matter.</param>
    protected GroupCommitWriter(string name, int maxBatch, SocialFlowMetrics metrics, ILogger logger, int inFlight = 1)
    {
        (_name, _metrics, _writerTag) = (name, metrics, new("writer", name));
        _writes = new BatchingQueue<T>(BatchingQueue<T>.ItemByItemOnFailure(MeasuredCommitAsync, logger, $"{name} writes"), maxBatch, inFlight);
    }

    /// <summary>Completes once the item's batch is committed; fails with the batch's (or, retried alone, the item's) error.</summary>
    protected Task QueueAsync(T item) => _writes.TryEnqueue(item, out var written)
        ? written
        : Task.FromException(new InvalidOperationException($"The {_name} writer is stopping; nothing was written."));

    /// <summary>Writes the batch as one unit (one statement or one transaction).</summary>
    protected abstract Task CommitAsync(IReadOnlyList<T> batch);

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _writes.Complete();
        return base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _writes.RunAsync();

    private async Task MeasuredCommitAsync(IReadOnlyList<T> batch)
    {
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            await CommitAsync(batch);
        }
        catch
        {
            _metrics.GroupCommitDuration.Record(TimeProvider.System.GetElapsedTime(started).TotalSeconds, _writerTag, new("outcome", "failed"));
            throw;
        }
        _metrics.GroupCommitDuration.Record(TimeProvider.System.GetElapsedTime(started).TotalSeconds, _writerTag, new("outcome", "committed"));
        _metrics.GroupCommitBatchSize.Record(batch.Count, _writerTag);
    }
}
