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
public sealed class LedgerWriter(NpgsqlDataSource db, SocialFlowMetrics metrics, ILogger<LedgerWriter> logger)
    : GroupCommitWriter<LedgerWriter.LedgerWrite>("ledger", MaxBatch, metrics, logger)
{
    private const int MaxBatch = 200;

    /// <summary>Runs <paramref name="change"/> in the next batch's transaction; completes once that committed, with what the change returned
    /// (false: it found nothing to do, e.g. a payment settled already).</summary>
    public async Task<bool> WriteAsync(Func<Tx, Task<bool>> change)
    {
        var write = new LedgerWrite(change);
        await QueueAsync(write);
        return write.Changed;
    }

    protected override async Task CommitAsync(IReadOnlyList<LedgerWrite> writes)
    {
        var changed = new bool[writes.Count];
        await using (var tx = await Tx.BeginAsync(db))
        {
            for (var i = 0; i < writes.Count; i++) changed[i] = await writes[i].Change(tx);
            await tx.CommitAsync();
        }
        for (var i = 0; i < writes.Count; i++) writes[i].Changed = changed[i];
    }

    public sealed class LedgerWrite(Func<Tx, Task<bool>> change)
    {
        public Func<Tx, Task<bool>> Change { get; } = change;

        public bool Changed { get; set; }
    }
}
