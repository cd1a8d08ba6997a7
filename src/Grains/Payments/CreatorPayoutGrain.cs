using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Infrastructure.Stripe;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// One creator's payouts (key: the creator's id). Earnings are the ledger's: the creator's account holds what they are
/// owed (their share of charges and paid invoices, less refunds' reversals and payouts); what was earned within the
/// pending period waits. A payout is recorded (pending) before Stripe's transfer, made with the key payout-{id}; a
/// crash leaves it pending and counted against what is available, and the next run completes it with the same key.
/// </summary>
public sealed class CreatorPayoutGrain(PayoutStore store, StripeGateway stripe, IOptions<PaymentsOptions> options, TimeProvider clock)
    : Grain, ICreatorPayoutGrain
{
    private const int Listed = 20;
    private static readonly TimeSpan DaysShown = TimeSpan.FromDays(30);

    private Guid CreatorId => this.GetPrimaryKey();

    public async Task<PayoutAccountView> OnboardAsync(string country)
    {
        var account = await store.AccountAsync(CreatorId);
        if (account is null)
        {
            await store.AddAccountAsync(CreatorId, await stripe.CreateAccountAsync(CreatorId, country), clock.GetUtcNow());
            account = (await store.AccountAsync(CreatorId))!;
        }
        var o = options.Value;
        var (url, expires) = await stripe.OnboardingLinkAsync(account.AccountId, o.ConnectRefreshUrl, o.ConnectReturnUrl);
        return new PayoutAccountView(account.AccountId, url, expires, account.PayoutsEnabled, account.Held);
    }

    public async Task<EarningsView> EarningsAsync()
    {
        var now = clock.GetUtcNow();
        var account = await store.AccountAsync(CreatorId);
        var payouts = await store.PayoutsAsync(CreatorId, Listed);
        var balances = (await BalancesAsync(now, payouts)).Select(b => new CurrencyEarnings(b.Currency, b.Available, b.Pending, b.PaidOut)).ToList();
        return new EarningsView(balances, await store.DaysAsync(CreatorId, now - DaysShown), payouts, account is not null,
            account?.PayoutsEnabled ?? false, account?.Held ?? false, options.Value.MinimumPayout);
    }

    public async Task<IReadOnlyList<PayoutView>> PayOutAsync()
    {
        if (await store.AccountAsync(CreatorId) is not { PayoutsEnabled: true, Held: false } account) return [];
        var made = new List<PayoutView>();
        foreach (var pending in (await store.PayoutsAsync(CreatorId, Listed)).Where(p => p.Status == PayoutStatus.Pending))
        {
            made.Add(await TransferAsync(pending, account));
        }
        var now = clock.GetUtcNow();
        foreach (var balance in await BalancesAsync(now, await store.PayoutsAsync(CreatorId, Listed)))
        {
            if (balance.Available < options.Value.MinimumPayout) continue;
            var payout = new PayoutView(Guid.CreateVersion7(), balance.Available, balance.Currency, PayoutStatus.Pending, Now(), null);
            await store.InsertPayoutAsync(payout, CreatorId);
            made.Add(await TransferAsync(payout, account));
        }
        return made;
    }

    public async Task SyncAccountAsync()
    {
        if (await store.AccountAsync(CreatorId) is not { } account) return;
        var enabled = await stripe.PayoutsEnabledAsync(account.AccountId);
        if (enabled != account.PayoutsEnabled) await store.SetPayoutsEnabledAsync(CreatorId, enabled, clock.GetUtcNow());
    }

    public async Task<bool> SetHoldAsync(bool held, string reason, AuditActor by)
    {
        if (await store.AccountAsync(CreatorId) is null) return false;
        await store.SetHeldAsync(CreatorId, held, new AuditEntry(by, AuditActions.PayoutsHeld, "user", CreatorId.ToString(), reason, new { held }), clock.GetUtcNow());
        return true;
    }

    private async Task<PayoutView> TransferAsync(PayoutView payout, CreatorAccount account)
    {
        var transfer = await stripe.TransferAsync(payout.Id, payout.Amount, payout.Currency, account.AccountId);
        var now = Now();
        await store.SettlePayoutAsync(payout, CreatorId, transfer, now);
        return payout with { Status = PayoutStatus.Paid, SettledAt = now };
    }

    /// <summary>Per currency: available = owed − pending − payouts not settled yet (never below zero).</summary>
    private async Task<List<(string Currency, long Available, long Pending, long PaidOut)>> BalancesAsync(DateTimeOffset now, List<PayoutView> payouts)
    {
        var balances = await store.BalancesAsync(CreatorId, now - options.Value.EarningsPendingPeriod);
        return [.. balances.Select(b =>
        {
            var unsettled = payouts.Where(p => p.Status == PayoutStatus.Pending && p.Currency == b.Currency).Sum(p => p.Amount);
            var pending = Math.Max(0, b.Pending);
            return (b.Currency, Math.Max(0, b.Owed - pending - unsettled), pending, b.PaidOut);
        })];
    }

    private DateTimeOffset Now() => PostgresTime.Now(clock);
}
