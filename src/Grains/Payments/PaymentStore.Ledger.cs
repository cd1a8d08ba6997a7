using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Payments;

/// <summary>What a ledger transaction accounts for: a payment's charge, one of its refunds, a subscription's invoice, a
/// payout, or a settlement of ad revenue.</summary>
public sealed record LedgerSource(Guid? PaymentId, Guid? RefundId, string? InvoiceId, Guid? PayoutId = null, Guid? AdSettlementId = null);

/// <summary>A refund recorded before Stripe is called.</summary>
public sealed record RefundRow(Guid Id, Guid PaymentId, long Amount, string Reason, AuditActor By, bool ByAdmin);

public sealed partial class PaymentStore
{
    public async Task InsertRefundAsync(RefundRow refund, DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO payment_refunds (id, payment_id, amount, reason, requested_by, by_admin, status, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)
            """);
        Tx.AddParameters(cmd, refund.Id, refund.PaymentId, refund.Amount, refund.Reason,
            new NpgsqlParameter { Value = (object?)refund.By.UserId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid }, refund.ByAdmin, now);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The payment's refund that was recorded but not settled (a crash or an unavailable Stripe), if any.</summary>
    public async Task<RefundRow?> PendingRefundAsync(Guid paymentId)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id, amount, reason, requested_by, by_admin FROM payment_refunds
            WHERE payment_id = $1 AND status = 'pending' ORDER BY created_at LIMIT 1
            """);
        Tx.AddParameters(cmd, paymentId);
        await using var r = await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync()) return null;
        return new RefundRow(r.GetGuid(0), paymentId, r.GetInt64(1), r.GetString(2), new AuditActor(r.IsDBNull(3) ? null : r.GetGuid(3), null), r.GetBoolean(4));
    }

    /// <summary>
    /// Refunded: the refund settled, the payment's refunded amount, the proportional reversal in the ledger and, for an
    /// admin, the audit row, in one (group) commit.
    /// </summary>
    public Task SettleRefundAsync(PaymentRow p, RefundRow refund, string stripeRefundId, DateTimeOffset now) => ledger.WriteAsync(async tx =>
    {
        var changed = await tx.ExecuteAsync("""
            UPDATE payment_refunds SET status = 'succeeded', stripe_refund_id = $2, settled_at = $3 WHERE id = $1 AND status = 'pending'
            """, refund.Id, stripeRefundId, now);
        if (changed == 0) return false;
        await tx.ExecuteAsync("UPDATE payments SET refunded = refunded + $2, updated_at = $3 WHERE id = $1", p.Id, refund.Amount, now);
        await AppendTransactionAsync(tx, "refund", new LedgerSource(p.Id, refund.Id, null), p.Currency, Ledger.Refund(p, p.Refunded, refund.Amount), now);
        if (refund.ByAdmin)
        {
            await AuditLog.AppendAsync(tx, new AuditEntry(refund.By, AuditActions.PaymentRefunded, "payment", p.Id.ToString(), refund.Reason,
                new { amount = refund.Amount, currency = p.Currency, refund_id = refund.Id }));
        }
        return true;
    });

    /// <summary>One balanced ledger transaction (the deferred trigger of migration 0120 refuses the commit otherwise), of
    /// a payment (its charge or a refund), a subscription's paid invoice, a creator's payout, or ad revenue.</summary>
    internal static async Task AppendTransactionAsync(Tx tx, string kind, LedgerSource source, string currency, IReadOnlyList<LedgerLine> lines, DateTimeOffset now)
    {
        if (lines.Sum(l => l.Amount) != 0) throw new InvalidOperationException($"A {kind} of {source} does not balance.");
        var id = Guid.CreateVersion7();
        await tx.ExecuteAsync("""
            INSERT INTO ledger_transactions (id, kind, payment_id, refund_id, invoice_id, payout_id, ad_settlement_id, currency, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, id, kind, Nullable(source.PaymentId), Nullable(source.RefundId),
            new NpgsqlParameter { Value = (object?)source.InvoiceId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text }, Nullable(source.PayoutId),
            Nullable(source.AdSettlementId), currency, now);
        await using var cmd = tx.Command("""
            INSERT INTO ledger_entries (transaction_id, account, amount, currency)
            SELECT $1, account, amount, $4 FROM unnest($2::text[], $3::bigint[]) AS t(account, amount)
            """);
        Tx.AddParameters(cmd, id, lines.Select(l => l.Account).ToArray(), lines.Select(l => l.Amount).ToArray(), currency);
        await cmd.ExecuteNonQueryAsync();
    }

    private static NpgsqlParameter Nullable(Guid? id) => new() { Value = (object?)id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid };

    /// <summary>An account's balance in a currency: the sum of its entries (debits positive).</summary>
    public async Task<long> BalanceAsync(string account, string currency)
    {
        await using var cmd = db.CreateCommand("SELECT coalesce(sum(amount), 0)::bigint FROM ledger_entries WHERE account = $1 AND currency = $2");
        Tx.AddParameters(cmd, account, currency);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task<VideoPrice?> PriceAsync(Guid videoId)
    {
        await using var cmd = db.CreateCommand("SELECT owner_id, amount, currency FROM video_prices WHERE video_id = $1");
        Tx.AddParameters(cmd, videoId);
        await using var r = await cmd.ExecuteReaderAsync();
        return await r.ReadAsync() ? new VideoPrice(videoId, r.GetGuid(0), r.GetInt64(1), r.GetString(2).Trim()) : null;
    }

    public async Task SetPriceAsync(Guid videoId, Guid ownerId, long amount, string currency, DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO video_prices (video_id, owner_id, amount, currency, updated_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (video_id) DO UPDATE SET owner_id = excluded.owner_id, amount = excluded.amount, currency = excluded.currency, updated_at = excluded.updated_at
            """);
        Tx.AddParameters(cmd, videoId, ownerId, amount, currency, now);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<bool> EventSeenAsync(string eventId)
    {
        await using var cmd = db.CreateCommand("SELECT 1 FROM stripe_events WHERE id = $1");
        Tx.AddParameters(cmd, eventId);
        return await cmd.ExecuteScalarAsync() is not null;
    }

    /// <summary>Records the event as handled; false when it was already (another silo's activation got there first).</summary>
    public async Task<bool> RecordEventAsync(string eventId, string type, bool applied)
    {
        await using var cmd = db.CreateCommand("INSERT INTO stripe_events (id, type, outcome) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
        Tx.AddParameters(cmd, eventId, type, applied ? "applied" : "ignored");
        return await cmd.ExecuteNonQueryAsync() == 1;
    }
}
