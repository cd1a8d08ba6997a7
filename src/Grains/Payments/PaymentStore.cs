using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// The Payments domain's tables (migration 0120): payments, payment_refunds, the ledger (ledger_transactions,
/// ledger_entries), stripe_customers, stripe_events, video_prices. Ledger rows are only ever inserted, in the transaction
/// of the change they account for (<c>.Ledger.cs</c>); audit_log rows of admins' refunds through AuditLog alone.
/// </summary>
public sealed partial class PaymentStore(NpgsqlDataSource db, LedgerWriter ledger)
{
    private const string Columns = """
        id, buyer_id, idempotency_key, fingerprint, kind, target_id, recipient_id, payment_method, currency, amount, tax, fee, country,
        tax_rate, status, refunded, intent_id, failure_code, created_at, settled_at
        """;

    public async Task<PaymentRow?> GetAsync(Guid id)
    {
        await using var cmd = db.CreateCommand($"SELECT {Columns} FROM payments WHERE id = $1");
        Tx.AddParameters(cmd, id);
        await using var r = await cmd.ExecuteReaderAsync();
        return await r.ReadAsync() ? Read(r) : null;
    }

    /// <summary>Records a new payment (pending) before Stripe is called; false when the buyer already has a live purchase of the video.</summary>
    public async Task<bool> InsertAsync(PaymentRow p, DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO payments (id, buyer_id, idempotency_key, fingerprint, kind, target_id, recipient_id, payment_method, currency, amount, tax,
                                  fee, total, country, tax_rate, status, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
            """);
        Tx.AddParameters(cmd, p.Id, p.BuyerId, p.IdempotencyKey, p.Fingerprint, PaymentRow.Name(p.Kind), p.TargetId, p.RecipientId, p.PaymentMethodId, p.Currency,
            p.Amount, p.Tax, p.Fee, p.Total, (object?)p.Country ?? DBNull.Value, p.TaxRate, PaymentRow.Name(p.Status), now);
        try
        {
            await cmd.ExecuteNonQueryAsync();
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "payments_one_purchase")
        {
            return false;
        }
    }

    /// <summary>A state short of paid (awaiting action, failed, still pending) with the intent it belongs to.</summary>
    public async Task UpdateStatusAsync(Guid id, PaymentStatus status, string? intentId, string? failureCode, DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE payments SET status = $2, intent_id = coalesce($3, intent_id), failure_code = $4, updated_at = $5
            WHERE id = $1 AND status <> 'succeeded'
            """);
        Tx.AddParameters(cmd, id, PaymentRow.Name(status), Text(intentId), Text(failureCode), now);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Paid: the payment's status, its charge in the ledger and its paid event, in one (group) commit; false when
    /// it was paid already.</summary>
    public Task<bool> SettleAsync(PaymentRow p, string intentId, DateTimeOffset now) => ledger.WriteAsync(async tx =>
    {
        var changed = await tx.ExecuteAsync("""
            UPDATE payments SET status = 'succeeded', intent_id = $2, failure_code = NULL, settled_at = $3, updated_at = $3
            WHERE id = $1 AND status <> 'succeeded'
            """, p.Id, intentId, now);
        if (changed == 0) return false;
        await AppendTransactionAsync(tx, "charge", new LedgerSource(p.Id, null, null), p.Currency, Ledger.Charge(p), now);
        await EventOutbox.AppendAsync(tx, EventStreams.Payments, p.Id, p.BuyerId, EventKinds.Payments.Paid, new
        {
            payment_id = p.Id, payment_kind = PaymentRow.Name(p.Kind), buyer_id = p.BuyerId, recipient_id = p.RecipientId, target_id = p.TargetId,
            amount = p.Amount, currency = p.Currency, at = now,
        });
        return true;
    });

    /// <summary>A buyer's payments, newest first, after the cursor (created_at, id).</summary>
    public async Task<PaymentPage> HistoryAsync(Guid buyerId, PageCursor? after, int limit)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT {Columns} FROM payments
            WHERE buyer_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3))
            ORDER BY created_at DESC, id DESC LIMIT $4
            """);
        Tx.AddParameters(cmd, buyerId,
            new NpgsqlParameter { Value = (object?)after?.At ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            after?.Id ?? Guid.Empty, limit + 1);
        var rows = new List<PaymentRow>();
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) rows.Add(Read(r));
        }
        var next = rows.Count > limit ? new PageCursor(rows[limit - 1].CreatedAt, rows[limit - 1].Id) : null;
        return new PaymentPage([.. rows.Take(limit).Select(p => p.View())], next);
    }

    public async Task<string?> CustomerOfAsync(Guid userId)
    {
        await using var cmd = db.CreateCommand("SELECT customer_id FROM stripe_customers WHERE user_id = $1");
        Tx.AddParameters(cmd, userId);
        return await cmd.ExecuteScalarAsync() as string;
    }

    /// <summary>Keeps the first customer recorded for the user, and returns it.</summary>
    public async Task<string> AddCustomerAsync(Guid userId, string customerId)
    {
        await using var cmd = db.CreateCommand("""
            WITH ins AS (INSERT INTO stripe_customers (user_id, customer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING customer_id)
            SELECT customer_id FROM ins UNION ALL SELECT customer_id FROM stripe_customers WHERE user_id = $1 LIMIT 1
            """);
        Tx.AddParameters(cmd, userId, customerId);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private static PaymentRow Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetString(4) == "tip" ? PaymentKind.Tip : PaymentKind.VideoPurchase,
        r.GetGuid(5), r.GetGuid(6), r.GetString(7), r.GetString(8).Trim(), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11),
        r.IsDBNull(12) ? null : r.GetString(12).Trim(), r.GetDecimal(13), PaymentRow.StatusOf(r.GetString(14)), r.GetInt64(15),
        r.IsDBNull(16) ? null : r.GetString(16), r.IsDBNull(17) ? null : r.GetString(17), r.GetFieldValue<DateTimeOffset>(18),
        r.IsDBNull(19) ? null : r.GetFieldValue<DateTimeOffset>(19));

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
