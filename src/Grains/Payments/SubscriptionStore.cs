using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// The subscription tables of the Payments domain (migration 0121): subscription_plans, subscriptions,
/// subscription_invoices (with their ledger transactions, through <see cref="PaymentStore.AppendTransactionAsync"/>) and
/// members_only_content (<c>.Access.cs</c>).
/// </summary>
public sealed partial class SubscriptionStore(NpgsqlDataSource db, LedgerWriter ledger)
{
    private const string PlanColumns = "id, creator_id, name, description, perks, rank, amount, currency, billing_interval, archived_at IS NOT NULL, stripe_price_id";

    /// <summary>Every plan of a creator (null: the platform's), archived ones too, by rank.</summary>
    public async Task<List<PlanView>> PlansOfAsync(Guid? creatorId)
    {
        await using var cmd = db.CreateCommand($"SELECT {PlanColumns} FROM subscription_plans WHERE creator_id IS NOT DISTINCT FROM $1 ORDER BY rank, created_at");
        Tx.AddParameters(cmd, Uuid(creatorId));
        return await ReadPlansAsync(cmd);
    }

    public async Task<PlanView?> PlanAsync(Guid planId)
    {
        await using var cmd = db.CreateCommand($"SELECT {PlanColumns} FROM subscription_plans WHERE id = $1");
        Tx.AddParameters(cmd, planId);
        return (await ReadPlansAsync(cmd)).FirstOrDefault();
    }

    /// <summary>The plan a Stripe price belongs to (the current price of a plan, or one it had before its amount changed).</summary>
    public async Task<Guid?> PlanOfPriceAsync(string priceId, Guid? creatorId)
    {
        await using var cmd = db.CreateCommand("SELECT id FROM subscription_plans WHERE stripe_price_id = $1 AND creator_id IS NOT DISTINCT FROM $2");
        Tx.AddParameters(cmd, priceId, Uuid(creatorId));
        return await cmd.ExecuteScalarAsync() as Guid?;
    }

    /// <summary>Inserts or (for a platform plan whose configuration changed) updates a plan; a new amount, currency or
    /// interval forgets the Stripe price, so that the next subscriber's makes a new one.</summary>
    public async Task SavePlanAsync(PlanView p, string? platformKey, DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO subscription_plans (id, creator_id, platform_key, name, description, perks, rank, amount, currency, billing_interval, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, perks = excluded.perks, rank = excluded.rank,
                amount = excluded.amount, currency = excluded.currency, billing_interval = excluded.billing_interval, updated_at = excluded.updated_at,
                archived_at = NULL,
                stripe_price_id = CASE WHEN (subscription_plans.amount, subscription_plans.currency, subscription_plans.billing_interval)
                                          = (excluded.amount, excluded.currency, excluded.billing_interval)
                                       THEN subscription_plans.stripe_price_id END
            """);
        Tx.AddParameters(cmd, p.Id, Uuid(p.CreatorId), new NpgsqlParameter { Value = (object?)platformKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            p.Name, p.Description, p.Perks.ToArray(), p.Rank, p.Amount, p.Currency, p.Interval, now);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task SetPlanPriceAsync(Guid planId, string productId, string priceId)
    {
        await using var cmd = db.CreateCommand("UPDATE subscription_plans SET stripe_product_id = $2, stripe_price_id = $3 WHERE id = $1");
        Tx.AddParameters(cmd, planId, productId, priceId);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task ArchivePlanAsync(Guid planId, DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand("UPDATE subscription_plans SET archived_at = $2, updated_at = $2 WHERE id = $1 AND archived_at IS NULL");
        Tx.AddParameters(cmd, planId, now);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A subscriber's live subscriptions and those that ended after <paramref name="endedSince"/>.</summary>
    public async Task<List<SubscriptionRow>> SubscriptionsOfAsync(Guid subscriberId, DateTimeOffset endedSince)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id, subscriber_id, plan_id, creator_id, status, payment_method, country, stripe_subscription_id, current_period_end,
                   cancel_at_period_end, past_due_since, failure_code, created_at, ended_at
            FROM subscriptions WHERE subscriber_id = $1 AND (ended_at IS NULL OR ended_at > $2) ORDER BY created_at DESC, id DESC
            """);
        Tx.AddParameters(cmd, subscriberId, endedSince);
        var rows = new List<SubscriptionRow>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add(new SubscriptionRow(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.IsDBNull(3) ? null : r.GetGuid(3), SubscriptionRow.StatusOf(r.GetString(4)),
                r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6).Trim(), r.IsDBNull(7) ? null : r.GetString(7),
                r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8), r.GetBoolean(9), r.IsDBNull(10) ? null : r.GetFieldValue<DateTimeOffset>(10),
                r.IsDBNull(11) ? null : r.GetString(11), r.GetFieldValue<DateTimeOffset>(12), r.IsDBNull(13) ? null : r.GetFieldValue<DateTimeOffset>(13)));
        }
        return rows;
    }

    /// <summary>Records a new subscription (pending) before Stripe is called; false when the subscriber has a live one
    /// for the same creator (or the platform) already.</summary>
    public async Task<bool> InsertSubscriptionAsync(SubscriptionRow s)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO subscriptions (id, subscriber_id, plan_id, creator_id, status, payment_method, country, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
            """);
        Tx.AddParameters(cmd, s.Id, s.SubscriberId, s.PlanId, Uuid(s.CreatorId), SubscriptionRow.Name(s.Status), s.PaymentMethod,
            new NpgsqlParameter { Value = (object?)s.Country ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Char }, s.CreatedAt);
        try
        {
            await cmd.ExecuteNonQueryAsync();
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "subscriptions_one_live")
        {
            return false;
        }
    }

    /// <summary>Writes what Stripe says of a subscription now (its grain is the single writer of the row).</summary>
    public async Task SaveSubscriptionAsync(SubscriptionRow s, DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE subscriptions SET plan_id = $2, status = $3, stripe_subscription_id = $4, current_period_end = $5, cancel_at_period_end = $6,
                   past_due_since = $7, failure_code = $8, ended_at = $9, updated_at = $10
            WHERE id = $1
            """);
        Tx.AddParameters(cmd, s.Id, s.PlanId, SubscriptionRow.Name(s.Status), Text(s.StripeId), Time(s.PeriodEnd), s.CancelAtPeriodEnd, Time(s.PastDueSince),
            Text(s.FailureCode), Time(s.EndedAt), now);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A paid invoice and its ledger transaction, in one (group) commit; false when it was recorded already.</summary>
    public Task<bool> RecordInvoiceAsync(InvoiceRow i) => ledger.WriteAsync(async tx =>
    {
        var inserted = await tx.ExecuteAsync("""
            INSERT INTO subscription_invoices (invoice_id, subscription_id, recipient_id, currency, total, tax, fee, country, tax_rate, billing_reason,
                                               period_start, period_end, paid_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING
            """, i.InvoiceId, i.SubscriptionId, Uuid(i.RecipientId), i.Currency, i.Total, i.Tax, i.Fee,
            new NpgsqlParameter { Value = (object?)i.Country ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Char }, i.TaxRate, i.BillingReason,
            i.PeriodStart, i.PeriodEnd, i.PaidAt);
        if (inserted == 0) return false;
        await PaymentStore.AppendTransactionAsync(tx, "subscription_charge", new LedgerSource(null, null, i.InvoiceId), i.Currency,
            Ledger.SubscriptionCharge(i.Total, i.Tax, i.Fee, i.RecipientId, i.Country), i.PaidAt);
        return true;
    });

    /// <summary>Subscribers whose subscriptions may be behind Stripe: not paid yet, past due, or past their period's end
    /// while still active (a renewal's webhook may be lost); not touched since the cutoff.</summary>
    public async Task<List<Guid>> SubscribersToReconcileAsync(DateTimeOffset now, DateTimeOffset untouchedSince, int limit)
    {
        await using var cmd = db.CreateCommand("""
            SELECT DISTINCT subscriber_id FROM subscriptions
            WHERE (status IN ('pending', 'incomplete', 'past_due') OR (status = 'active' AND current_period_end < $1)) AND updated_at < $2
            LIMIT $3
            """);
        Tx.AddParameters(cmd, now, untouchedSince, limit);
        return await Tx.ReadIdsAsync(cmd);
    }

    /// <summary>Of these invoices, those not recorded.</summary>
    public async Task<HashSet<string>> UnrecordedInvoicesAsync(IReadOnlyCollection<string> invoiceIds)
    {
        await using var cmd = db.CreateCommand("SELECT id FROM unnest($1::text[]) AS i(id) WHERE NOT EXISTS (SELECT 1 FROM subscription_invoices s WHERE s.invoice_id = i.id)");
        Tx.AddParameters(cmd, new NpgsqlParameter { Value = invoiceIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        var ids = new HashSet<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetString(0));
        return ids;
    }

    private static async Task<List<PlanView>> ReadPlansAsync(NpgsqlCommand cmd)
    {
        var plans = new List<PlanView>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            plans.Add(new PlanView(r.GetGuid(0), r.IsDBNull(1) ? null : r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetFieldValue<string[]>(4),
                r.GetInt32(5), r.GetInt64(6), r.GetString(7).Trim(), r.GetString(8), r.GetBoolean(9), r.IsDBNull(10) ? null : r.GetString(10)));
        }
        return plans;
    }

    private static NpgsqlParameter Uuid(Guid? id) => new() { Value = (object?)id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid };

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Time(DateTimeOffset? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
