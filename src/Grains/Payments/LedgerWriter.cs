using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SocialFlow.Grains.Infrastructure;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Infrastructure.Telemetry;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// Group commit of the ledger (<see cref="BatchingQueue{T}"/>): every change that moves money (a payment settled, a
/// refund, a paid invoice, a payout) is written with its balanced ledger transaction as one function of an open
/// transaction; a batch runs the functions of everyone waiting, one after another, in one PostgreSQL transaction, so a
/// burst of payments costs one commit. The balance trigger (migration 0120) checks each ledger transaction at that
/// commit. A batch that fails is written again function by function, so one change that cannot be written fails alone.
/// </summary>
public sealed class LedgerWriter : BackgroundService
{
    private const int MaxBatch = 200;
    private static readonly KeyValuePair<string, object?> Writer = new("writer", "ledger");
    private readonly NpgsqlDataSource _db;
    private readonly SocialFlowMetrics _metrics;
    private readonly BatchingQueue<LedgerWrite> _writes;

    public LedgerWriter(NpgsqlDataSource db, SocialFlowMetrics metrics, ILogger<LedgerWriter> logger)
    {
        (_db, _metrics) = (db, metrics);
        _writes = new BatchingQueue<LedgerWrite>(BatchingQueue<LedgerWrite>.ItemByItemOnFailure(CommitAsync, logger, "ledger changes"), MaxBatch);
    }

    /// <summary>Runs <paramref name="change"/> in the next batch's transaction; completes once that committed, with what the change returned
    /// (false: it found nothing to do, e.g. a payment settled already).</summary>
    public async Task<bool> WriteAsync(Func<Tx, Task<bool>> change)
    {
        var write = new LedgerWrite(change);
        if (!_writes.TryEnqueue(write, out var written)) throw new InvalidOperationException("The ledger writer is stopping; nothing was written.");
        await written;
        return write.Changed;
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _writes.Complete();
        return base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _writes.RunAsync();

    private async Task CommitAsync(IReadOnlyList<LedgerWrite> writes)
    {
        var started = TimeProvider.System.GetTimestamp();
        var changed = new bool[writes.Count];
        try
        {
            await using var tx = await Tx.BeginAsync(_db);
            for (var i = 0; i < writes.Count; i++) changed[i] = await writes[i].Change(tx);
            await tx.CommitAsync();
        }
        catch
        {
            _metrics.GroupCommitDuration.Record(TimeProvider.System.GetElapsedTime(started).TotalSeconds, Writer, new("outcome", "failed"));
            throw;
        }
        for (var i = 0; i < writes.Count; i++) writes[i].Changed = changed[i];
        _metrics.GroupCommitDuration.Record(TimeProvider.System.GetElapsedTime(started).TotalSeconds, Writer, new("outcome", "committed"));
        _metrics.GroupCommitBatchSize.Record(writes.Count, Writer);
    }

    private sealed class LedgerWrite(Func<Tx, Task<bool>> change)
    {
        public Func<Tx, Task<bool>> Change { get; } = change;

        public bool Changed { get; set; }
    }
}
