using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Payments;

/// <summary>What the reconciliation asks of the payments tables.</summary>
public sealed partial class PaymentStore
{
    /// <summary>Payments without an outcome (pending, awaiting the bank) created before the cutoff, and payments with a
    /// refund still pending, oldest first.</summary>
    public async Task<List<Guid>> UnsettledAsync(DateTimeOffset createdBefore, int limit)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id FROM (
                SELECT id, created_at FROM payments WHERE status IN ('pending', 'requires_action') AND created_at < $1
                UNION
                SELECT p.id, p.created_at FROM payment_refunds r JOIN payments p ON p.id = r.payment_id WHERE r.status = 'pending' AND r.created_at < $1
            ) AS unsettled ORDER BY created_at LIMIT $2
            """);
        Tx.AddParameters(cmd, createdBefore, limit);
        return await Tx.ReadIdsAsync(cmd);
    }

    /// <summary>Of these payments, those not recorded as paid.</summary>
    public async Task<List<Guid>> NotSucceededAsync(IReadOnlyCollection<Guid> ids)
    {
        await using var cmd = db.CreateCommand("SELECT id FROM payments WHERE id = ANY($1) AND status <> 'succeeded'");
        Tx.AddParameters(cmd, ids.ToArray());
        return await Tx.ReadIdsAsync(cmd);
    }

    /// <summary>The buyer played the video: kept once (the first time).</summary>
    public async Task MarkWatchedAsync(Guid paymentId, DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand("UPDATE payments SET watched_at = $2 WHERE id = $1 AND watched_at IS NULL");
        Tx.AddParameters(cmd, paymentId, now);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<bool> WatchedAsync(Guid paymentId)
    {
        await using var cmd = db.CreateCommand("SELECT watched_at IS NOT NULL FROM payments WHERE id = $1");
        Tx.AddParameters(cmd, paymentId);
        return await cmd.ExecuteScalarAsync() is true;
    }
}
