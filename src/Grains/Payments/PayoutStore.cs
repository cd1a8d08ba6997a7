using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Payments;

/// <summary>A creator's connected account as its grain holds it.</summary>
public sealed record CreatorAccount(string AccountId, bool PayoutsEnabled, bool Held);

/// <summary>
/// The payouts tables of the Payments domain (migration 0122): creator_accounts, payouts (with their ledger
/// transactions), and creators' earnings read from the ledger.
/// </summary>
public sealed class PayoutStore(NpgsqlDataSource db, LedgerWriter ledger)
{
    public async Task<CreatorAccount?> AccountAsync(Guid creatorId)
    {
        await using var cmd = db.CreateCommand("SELECT account_id, payouts_enabled, held FROM creator_accounts WHERE user_id = $1");
        Tx.AddParameters(cmd, creatorId);
        await using var r = await cmd.ExecuteReaderAsync();
        return await r.ReadAsync() ? new CreatorAccount(r.GetString(0), r.GetBoolean(1), r.GetBoolean(2)) : null;
    }

    public async Task AddAccountAsync(Guid creatorId, string accountId, DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO creator_accounts (user_id, account_id, created_at, updated_at) VALUES ($1, $2, $3, $3) ON CONFLICT (user_id) DO NOTHING
            """);
        Tx.AddParameters(cmd, creatorId, accountId, now);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task SetPayoutsEnabledAsync(Guid creatorId, bool enabled, DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand("UPDATE creator_accounts SET payouts_enabled = $2, updated_at = $3 WHERE user_id = $1");
        Tx.AddParameters(cmd, creatorId, enabled, now);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Holds or releases, with its audit row in the same commit.</summary>
    public async Task SetHeldAsync(Guid creatorId, bool held, AuditEntry audit, DateTimeOffset now)
    {
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("UPDATE creator_accounts SET held = $2, hold_reason = $3, updated_at = $4 WHERE user_id = $1",
            creatorId, held, audit.Reason ?? "", now);
        await AuditLog.AppendAsync(tx, audit);
        await tx.CommitAsync();
    }

    /// <summary>Per currency: what is still owed to the creator (earned minus paid out), what of it was earned since
    /// <paramref name="pendingSince"/>, and what was paid out. Debits are positive: the creator's account is credited.</summary>
    public async Task<List<(string Currency, long Owed, long Pending, long PaidOut)>> BalancesAsync(Guid creatorId, DateTimeOffset pendingSince)
    {
        await using var cmd = db.CreateCommand("""
            SELECT e.currency, -sum(e.amount)::bigint,
                   coalesce(-sum(e.amount) FILTER (WHERE t.kind <> 'payout' AND t.created_at >= $2), 0)::bigint,
                   coalesce(sum(e.amount) FILTER (WHERE t.kind = 'payout'), 0)::bigint
            FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
            WHERE e.account = $1 GROUP BY e.currency ORDER BY e.currency
            """);
        Tx.AddParameters(cmd, Ledger.Creator(creatorId), pendingSince);
        var balances = new List<(string, long, long, long)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) balances.Add((r.GetString(0).Trim(), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)));
        return balances;
    }

    /// <summary>Earned per day (UTC) and currency since a time, net of refunds, newest first.</summary>
    public async Task<List<DailyEarnings>> DaysAsync(Guid creatorId, DateTimeOffset since)
    {
        await using var cmd = db.CreateCommand("""
            SELECT (t.created_at AT TIME ZONE 'UTC')::date AS day, e.currency, -sum(e.amount)::bigint
            FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
            WHERE e.account = $1 AND t.kind <> 'payout' AND t.created_at >= $2
            GROUP BY day, e.currency ORDER BY day DESC, e.currency
            """);
        Tx.AddParameters(cmd, Ledger.Creator(creatorId), since);
        var days = new List<DailyEarnings>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) days.Add(new DailyEarnings(r.GetFieldValue<DateOnly>(0), r.GetString(1).Trim(), r.GetInt64(2)));
        return days;
    }

    public async Task<List<PayoutView>> PayoutsAsync(Guid creatorId, int limit)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id, amount, currency, status, created_at, settled_at FROM payouts WHERE creator_id = $1 ORDER BY created_at DESC LIMIT $2
            """);
        Tx.AddParameters(cmd, creatorId, limit);
        var payouts = new List<PayoutView>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            payouts.Add(new PayoutView(r.GetGuid(0), r.GetInt64(1), r.GetString(2).Trim(), r.GetString(3) switch
            {
                "pending" => PayoutStatus.Pending,
                "paid" => PayoutStatus.Paid,
                _ => PayoutStatus.Failed,
            }, r.GetFieldValue<DateTimeOffset>(4), r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5)));
        }
        return payouts;
    }

    public async Task InsertPayoutAsync(PayoutView p, Guid creatorId)
    {
        await using var cmd = db.CreateCommand("INSERT INTO payouts (id, creator_id, amount, currency, status, created_at) VALUES ($1, $2, $3, $4, 'pending', $5)");
        Tx.AddParameters(cmd, p.Id, creatorId, p.Amount, p.Currency, p.CreatedAt);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Paid: the payout's status and its ledger transaction, in one (group) commit.</summary>
    public Task SettlePayoutAsync(PayoutView p, Guid creatorId, string transferId, DateTimeOffset now) => ledger.WriteAsync(async tx =>
    {
        var changed = await tx.ExecuteAsync("UPDATE payouts SET status = 'paid', transfer_id = $2, settled_at = $3 WHERE id = $1 AND status = 'pending'",
            p.Id, transferId, now);
        if (changed == 0) return false;
        await PaymentStore.AppendTransactionAsync(tx, "payout", new LedgerSource(null, null, null, p.Id), p.Currency, Ledger.Payout(creatorId, p.Amount), now);
        return true;
    });

    /// <summary>Creators whose payouts may run: enabled by Stripe, not held.</summary>
    public async Task<List<Guid>> PayableCreatorsAsync(int limit)
    {
        await using var cmd = db.CreateCommand("SELECT user_id FROM creator_accounts WHERE payouts_enabled AND NOT held ORDER BY user_id LIMIT $1");
        Tx.AddParameters(cmd, limit);
        return await Tx.ReadIdsAsync(cmd);
    }
}
