using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Telemetry;
using SocialFlow.Grains.Interfaces.Engagement;

namespace SocialFlow.Grains.Engagement.GroupCommit;

/// <summary>
/// The silo's group-commit writer (docs/architecture.md#write-path). Grains hand it facts and await their commit; one loop takes everything
/// queued (no timed wait: while a batch commits, the next one gathers) and commits it in one statement
/// (<see cref="EngagementBatch"/>). Up to MaxBatchesInFlight batches commit at once, each on its own connection, so
/// that one batch's WAL flush does not idle the next. A fact whose row is already in this batch or in one still
/// committing waits for a later batch: per-row order is kept (a like, then an unlike) and no statement touches a row twice.
/// A batch that fails has an unknown outcome: every caller gets <see cref="CommitOutcomeUnknownException"/>.
/// Traced as one "engagement group commit" span in the trace of the batch's first traced caller, linked to the others'.
/// </summary>
public sealed class EngagementWriter(
    NpgsqlDataSource db, IOptions<EngagementOptions> options, IEngagementFaults faults, SocialFlowMetrics metrics, ILogger<EngagementWriter> logger)
    : BackgroundService
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly EngagementOptions _options = options.Value;
    private readonly Stack<NpgsqlConnection> _idle = new(); // touched by the loop only

    private sealed class Pending(EngagementFact fact) : TaskCompletionSource<FactOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public EngagementFact Fact { get; } = fact;

        /// <summary>The caller's span (the grain call), when it is traced: the batch's commit joins that trace.</summary>
        public Activity? Caller { get; } = Activity.Current;
    }

    private sealed record Running(Task<NpgsqlConnection?> Commit, List<Pending> Batch);

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
        var running = new List<Running>();
        var busyRows = new HashSet<(int, Guid, string)>();
        while (true)
        {
            Reap(running, busyRows);
            if (running.Count >= _options.MaxBatchesInFlight)
            {
                await Task.WhenAny(running.Select(r => r.Commit));
                continue;
            }
            if (carried.Count == 0)
            {
                var ready = _queue.Reader.WaitToReadAsync(CancellationToken.None).AsTask();
                if (running.Count > 0 && await Task.WhenAny(ready, Task.WhenAny(running.Select(r => r.Commit))) != ready) continue;
                if (!await ready) break;
            }
            var batch = Take(carried, busyRows);
            if (batch.Count == 0)
            {
                await Task.WhenAny(running.Select(r => r.Commit)); // everything waits for rows still committing
                continue;
            }
            foreach (var p in batch) busyRows.Add(p.Fact.Row);
            running.Add(new Running(CommitBatchAsync(batch, _idle.TryPop(out var c) ? c : null), batch));
        }
        await Task.WhenAll(running.Select(r => r.Commit));
        Reap(running, busyRows);
        while (_idle.TryPop(out var connection)) await connection.DisposeAsync();
    }

    private void Reap(List<Running> running, HashSet<(int, Guid, string)> busyRows)
    {
        foreach (var done in running.Where(r => r.Commit.IsCompleted).ToList())
        {
            running.Remove(done);
            foreach (var p in done.Batch) busyRows.Remove(p.Fact.Row);
            if (done.Commit.Result is { } connection) _idle.Push(connection);
        }
    }

    /// <summary>Facts carried over first (they are older), then whatever is queued, up to MaxBatch; busy rows wait.</summary>
    private List<Pending> Take(Queue<Pending> carried, HashSet<(int, Guid, string)> busyRows)
    {
        var batch = new List<Pending>();
        var rows = new HashSet<(int, Guid, string)>();
        var deferred = new Queue<Pending>();
        bool Offer(Pending p)
        {
            if (batch.Count < _options.MaxBatch && !busyRows.Contains(p.Fact.Row) && rows.Add(p.Fact.Row)) batch.Add(p);
            else deferred.Enqueue(p);
            return batch.Count < _options.MaxBatch;
        }
        while (carried.TryDequeue(out var old)) Offer(old);
        while (deferred.Count < _options.MaxBatch && _queue.Reader.TryRead(out var next) && Offer(next)) { }
        while (deferred.TryDequeue(out var d)) carried.Enqueue(d);
        return batch;
    }

    /// <summary>Commits one batch and completes its callers; returns the connection for reuse, or null if it broke.</summary>
    private async Task<NpgsqlConnection?> CommitBatchAsync(List<Pending> batch, NpgsqlConnection? connection)
    {
        var facts = batch.ConvertAll(p => p.Fact);
        var started = TimeProvider.System.GetTimestamp();
        using var span = StartCommitSpan(batch);
        try
        {
            faults.BeforeCommit(facts);
            connection ??= await db.OpenConnectionAsync();
            var outcomes = await EngagementBatch.CommitAsync(connection, facts, _options.ViewWindow);
            faults.AfterCommit(facts);
            RecordCommitted(facts, outcomes, started);
            for (var i = 0; i < batch.Count; i++) batch[i].TrySetResult(outcomes[i]);
            return connection;
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            metrics.GroupCommitDuration.Record(TimeProvider.System.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", "failed"));
            logger.LogWarning(e, "Engagement batch of {Count} facts failed; its outcome is unknown", batch.Count);
            if (connection is not null) await connection.DisposeAsync();
            var unknown = new CommitOutcomeUnknownException("The write's batch failed and may or may not have committed; retry.");
            foreach (var p in batch) p.TrySetException(unknown);
            return null;
        }
    }

    private void RecordCommitted(List<EngagementFact> facts, IReadOnlyList<FactOutcome> outcomes, long started)
    {
        metrics.GroupCommitDuration.Record(TimeProvider.System.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", "committed"));
        metrics.GroupCommitBatchSize.Record(facts.Count);
        var likes = 0;
        for (var i = 0; i < facts.Count; i++) if (facts[i].Kind == FactKind.Like && outcomes[i].Changed) likes++;
        if (likes > 0) metrics.LikesCommitted.Add(likes);
    }

    /// <summary>Null (and nothing allocated) unless a tracer listens and a caller in the batch is traced.</summary>
    private static Activity? StartCommitSpan(List<Pending> batch)
    {
        if (!SocialFlowMetrics.Activities.HasListeners()) return null;
        List<ActivityLink>? links = null;
        ActivityContext parent = default;
        foreach (var p in batch)
        {
            if (p.Caller is not { } caller) continue;
            if (parent == default) parent = caller.Context;
            else (links ??= []).Add(new ActivityLink(caller.Context));
        }
        if (parent == default) return null;
        var span = SocialFlowMetrics.Activities.StartActivity("engagement group commit", ActivityKind.Internal, parent, links: links);
        span?.SetTag("socialflow.batch_size", batch.Count);
        return span;
    }
}
