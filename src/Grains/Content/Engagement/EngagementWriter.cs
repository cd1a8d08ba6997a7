using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Interfaces.Content;

namespace SocialFlow.Grains.Content.Engagement;

/// <summary>
/// The silo's group-commit writer (DESIGN §2). Grains hand it facts and await their commit; one loop takes everything
/// queued (no timed wait: while a batch commits, the next one gathers) and commits it in one statement
/// (<see cref="EngagementBatch"/>). A fact whose row already has a fact in the batch waits for the next batch, so
/// per-row order is kept (a like then an unlike) and no statement touches a row twice.
/// A batch that fails has an unknown outcome: every caller gets <see cref="CommitOutcomeUnknownException"/>.
/// </summary>
public sealed class EngagementWriter(
    NpgsqlDataSource db, IOptions<EngagementOptions> options, IEngagementFaults faults, ILogger<EngagementWriter> logger) : BackgroundService
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly EngagementOptions _options = options.Value;
    private NpgsqlConnection? _connection;

    private sealed class Pending(EngagementFact fact) : TaskCompletionSource<FactOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public EngagementFact Fact { get; } = fact;
    }

    /// <summary>Completes once the fact is committed in PostgreSQL (durable), with whether it changed anything.</summary>
    public Task<FactOutcome> CommitAsync(EngagementFact fact)
    {
        var pending = new Pending(fact);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new CommitOutcomeUnknownException("The engagement writer is stopping; nothing was written.");
        }
        return pending.Task;
    }

    public override Task StopAsync(CancellationToken ct)
    {
        // Commit what is queued, then end: the loop drains the channel and returns when it is empty and completed.
        _queue.Writer.TryComplete();
        return base.StopAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var carried = new Queue<Pending>();
        while (carried.Count > 0 || await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            var batch = Take(carried);
            await CommitBatchAsync(batch);
        }
        if (_connection is not null) await _connection.DisposeAsync();
    }

    /// <summary>Facts carried over from the last batch first (they are older), then whatever is queued, up to MaxBatch.</summary>
    private List<Pending> Take(Queue<Pending> carried)
    {
        var batch = new List<Pending>();
        var rows = new HashSet<(int, Guid, string)>();
        var deferred = new Queue<Pending>();
        bool Offer(Pending p)
        {
            if (batch.Count < _options.MaxBatch && rows.Add(p.Fact.Row)) batch.Add(p);
            else deferred.Enqueue(p);
            return batch.Count < _options.MaxBatch;
        }
        while (carried.TryDequeue(out var old)) Offer(old);
        while (deferred.Count < _options.MaxBatch && _queue.Reader.TryRead(out var next) && Offer(next)) { }
        while (deferred.TryDequeue(out var d)) carried.Enqueue(d);
        return batch;
    }

    private async Task CommitBatchAsync(List<Pending> batch)
    {
        var facts = batch.ConvertAll(p => p.Fact);
        try
        {
            faults.BeforeCommit(facts);
            _connection ??= await db.OpenConnectionAsync();
            var outcomes = await EngagementBatch.CommitAsync(_connection, facts, _options.ViewWindow);
            faults.AfterCommit(facts);
            for (var i = 0; i < batch.Count; i++) batch[i].TrySetResult(outcomes[i]);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Engagement batch of {Count} facts failed; its outcome is unknown", batch.Count);
            if (_connection is { } broken)
            {
                _connection = null;
                await broken.DisposeAsync();
            }
            var unknown = new CommitOutcomeUnknownException("The write's batch failed and may or may not have committed; retry.");
            foreach (var p in batch) p.TrySetException(unknown);
        }
    }
}
