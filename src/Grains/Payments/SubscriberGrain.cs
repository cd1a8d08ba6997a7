using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Infrastructure.Stripe;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// One subscriber's subscriptions (key: the user id) and what they may see. A subscription is recorded (pending) before
/// Stripe is called with the key subscription-{id}; then its row follows what Stripe says of it, read from Stripe after
/// every call and on every webhook (<see cref="SyncAsync"/>), so events in any order or twice change nothing wrongly.
/// Each paid invoice enters the ledger once, with the tax it includes by the card's country and the platform's fee of a
/// creator's tier. Notices of each step (<c>.Notices.cs</c>); entitlements (<c>.Access.cs</c>).
/// </summary>
public sealed partial class SubscriberGrain(
    SubscriptionStore store, PaymentStore payments, StripeGateway stripe, IOptions<PaymentsOptions> options, TimeProvider clock)
    : Grain, ISubscriberGrain
{
    private static readonly TimeSpan Remembered = TimeSpan.FromDays(90);
    private List<SubscriptionRow> _rows = [];
    private readonly Dictionary<Guid, PlanView> _plans = [];
    private readonly Dictionary<Guid, string?> _secrets = [];

    private Guid SubscriberId => this.GetPrimaryKey();

    private TimeSpan Grace => options.Value.SubscriptionGracePeriod;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _rows = await store.SubscriptionsOfAsync(SubscriberId, clock.GetUtcNow() - Remembered);
        foreach (var planId in _rows.Select(r => r.PlanId).Distinct()) await PlanAsync(planId);
    }

    public async Task<SubscriptionResult> SubscribeAsync(Guid planId, string paymentMethodId)
    {
        var plan = await store.PlanAsync(planId) is { } known ? await PlansOf(known.CreatorId).PriceAsync(planId) : await PlansOf(null).PriceAsync(planId);
        if (plan is null || plan.Archived) return new(SubscriptionOutcome.PlanNotFound, null);
        if (plan.CreatorId == SubscriberId) return new(SubscriptionOutcome.OwnPlan, null);
        if (_rows.FirstOrDefault(r => r.Live && r.CreatorId == plan.CreatorId) is { } live)
        {
            if (live.PlanId == planId && live.PaymentMethod == paymentMethodId && live.Status is SubscriptionStatus.Pending or SubscriptionStatus.Incomplete)
            {
                return Done(await AdvanceAsync(live));
            }
            if (live.PlanId == planId && live.Status is SubscriptionStatus.Active or SubscriptionStatus.PastDue) return Done(live);
            if (live.Status is not (SubscriptionStatus.Pending or SubscriptionStatus.Incomplete)) return new(SubscriptionOutcome.AlreadySubscribed, View(live));
            await AbandonAsync(live);
        }
        var (found, country) = await stripe.PaymentMethodAsync(paymentMethodId);
        if (!found) return new(SubscriptionOutcome.InvalidPaymentMethod, null);
        var row = new SubscriptionRow(Guid.CreateVersion7(), SubscriberId, planId, plan.CreatorId, SubscriptionStatus.Pending, paymentMethodId, country,
            null, null, false, null, null, Now(), null);
        if (!await store.InsertSubscriptionAsync(row)) return new(SubscriptionOutcome.AlreadySubscribed, null);
        _rows.Insert(0, row);
        return Done(await AdvanceAsync(row));
    }

    public async Task<SubscriptionResult> ChangePlanAsync(Guid subscriptionId, Guid planId)
    {
        if (_rows.FirstOrDefault(r => r.Id == subscriptionId) is not { } row) return new(SubscriptionOutcome.NotFound, null);
        if (row.Status is not (SubscriptionStatus.Active or SubscriptionStatus.PastDue) || row.StripeId is null) return new(SubscriptionOutcome.NotLive, View(row));
        if (row.PlanId == planId) return new(SubscriptionOutcome.SamePlan, View(row));
        var plan = await PlansOf(row.CreatorId).PriceAsync(planId);
        if (plan is null || plan.Archived) return new(SubscriptionOutcome.PlanNotFound, null);
        var current = await stripe.GetSubscriptionAsync(row.StripeId);
        var changed = await stripe.ChangePriceAsync(row.StripeId, current.ItemId, plan.StripePriceId!, $"subscription-{row.Id}-change-{Guid.NewGuid()}");
        return Done(await ApplyAsync(row, changed));
    }

    public async Task<SubscriptionResult> CancelAsync(Guid subscriptionId, bool now)
    {
        if (_rows.FirstOrDefault(r => r.Id == subscriptionId) is not { } row) return new(SubscriptionOutcome.NotFound, null);
        if (!row.Live) return new(SubscriptionOutcome.NotLive, View(row));
        if (row.StripeId is null)
        {
            row = await AdvanceAsync(row);
            if (row.StripeId is null) return new(SubscriptionOutcome.NotLive, View(row));
        }
        var state = now || row.Status is SubscriptionStatus.Incomplete or SubscriptionStatus.Pending
            ? await stripe.CancelNowAsync(row.StripeId)
            : await stripe.CancelAtPeriodEndAsync(row.StripeId);
        return Done(await ApplyAsync(row, state));
    }

    public Task<IReadOnlyList<SubscriptionView>> MineAsync() => Task.FromResult<IReadOnlyList<SubscriptionView>>([.. _rows.Select(View)]);

    public async Task SyncAsync(string stripeSubscriptionId, string? invoiceId)
    {
        var state = await stripe.GetSubscriptionAsync(stripeSubscriptionId);
        var row = _rows.FirstOrDefault(r => r.StripeId == stripeSubscriptionId)
            ?? _rows.FirstOrDefault(r => r.Id == state.SubscriptionId && r.StripeId is null);
        if (row is null) return;
        row = await ApplyAsync(row, state);
        if (invoiceId is not null && invoiceId != state.LatestInvoice?.Id) await RecordAsync(row, await stripe.GetInvoiceAsync(invoiceId));
    }

    public async Task<int> ReconcileAsync()
    {
        var changes = 0;
        foreach (var row in _rows.Where(r => r.Live).ToList())
        {
            SubscriptionRow next;
            if (row.StripeId is null && clock.GetUtcNow() - row.CreatedAt > Abandoned)
            {
                next = row with { Status = SubscriptionStatus.IncompleteExpired, FailureCode = "abandoned", EndedAt = Now() };
                await SaveAsync(next);
            }
            else
            {
                next = await AdvanceAsync(row);
            }
            if (next != row) changes++;
            if (next.StripeId is null) continue;
            foreach (var invoice in await stripe.PaidInvoicesAsync(next.StripeId))
            {
                if (await RecordAsync(next, invoice)) changes++;
            }
        }
        return changes;
    }

    /// <summary>A subscription that never reached Stripe is not created after this long (Stripe keeps idempotency keys a day).</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromHours(23);

    /// <summary>A subscription short of Stripe's answer: create it (again, idempotently), else read it.</summary>
    private async Task<SubscriptionRow> AdvanceAsync(SubscriptionRow row)
    {
        StripeSubscriptionState state;
        if (row.StripeId is null)
        {
            var plan = await PlansOf(row.CreatorId).PriceAsync(row.PlanId) ?? throw new InvalidOperationException($"Plan {row.PlanId} is gone.");
            var customer = await payments.CustomerOfAsync(SubscriberId)
                ?? await payments.AddCustomerAsync(SubscriberId, await stripe.CreateCustomerAsync(SubscriberId));
            state = await stripe.SubscribeAsync(row.Id, SubscriberId, customer, plan.StripePriceId!, row.PaymentMethod);
        }
        else
        {
            state = await stripe.GetSubscriptionAsync(row.StripeId);
        }
        return await ApplyAsync(row, state);
    }

    /// <summary>A pending or incomplete subscription replaced by a new attempt (another plan or card): ended at Stripe and here.</summary>
    private async Task AbandonAsync(SubscriptionRow row)
    {
        if (row.StripeId is null) row = await AdvanceAsync(row);
        if (row.StripeId is not null && row.Live) row = await ApplyAsync(row, await stripe.CancelNowAsync(row.StripeId));
        if (row.Live) await SaveAsync(row with { Status = SubscriptionStatus.IncompleteExpired, EndedAt = Now() });
    }

    /// <summary>Follows Stripe's subscription: status, plan (by its price), period, cancellation; records its latest
    /// invoice if paid; tells the subscriber what changed.</summary>
    private async Task<SubscriptionRow> ApplyAsync(SubscriptionRow row, StripeSubscriptionState state)
    {
        if (state.LatestInvoice is { ClientSecret: var secret }) _secrets[row.Id] = secret;
        var now = Now();
        var status = state.SubscriptionStatus;
        var planId = await store.PlanOfPriceAsync(state.PriceId, row.CreatorId) ?? row.PlanId;
        var failure = state.LatestInvoice is { Status: "open", AttemptCount: > 0 } ? "payment_failed" : null;
        var next = row with
        {
            Status = status,
            PlanId = planId,
            StripeId = state.Id,
            PeriodEnd = state.PeriodEnd,
            CancelAtPeriodEnd = state.CancelAtPeriodEnd,
            PastDueSince = status == SubscriptionStatus.PastDue ? row.PastDueSince ?? now : null,
            FailureCode = status == SubscriptionStatus.Active ? null : failure ?? row.FailureCode,
            EndedAt = status is SubscriptionStatus.Canceled or SubscriptionStatus.IncompleteExpired ? row.EndedAt ?? now : null,
        };
        if (next != row) await SaveAsync(next);
        await PlanAsync(next.PlanId);
        if (state.LatestInvoice is { } invoice) await RecordAsync(next, invoice);
        await NoticeAsync(row, next);
        return next;
    }

    /// <summary>A paid invoice enters subscription_invoices and the ledger once (whichever path sees it first).</summary>
    private async Task<bool> RecordAsync(SubscriptionRow row, StripeInvoiceState invoice)
    {
        if (invoice.Status != "paid" || invoice.AmountPaid <= 0 || (invoice.SubscriptionId is { } s && s != row.StripeId)) return false;
        var o = options.Value;
        var rate = o.TaxRateOf(row.Country);
        var tax = Ledger.IncludedTax(invoice.AmountPaid, rate);
        var fee = row.CreatorId is null ? invoice.AmountPaid - tax : Ledger.Part(invoice.AmountPaid - tax, o.PlatformFeeRate);
        return await store.RecordInvoiceAsync(new InvoiceRow(invoice.Id, row.Id, row.CreatorId, invoice.Currency, invoice.AmountPaid, tax, fee, row.Country, rate,
            invoice.BillingReason, invoice.PeriodStart, invoice.PeriodEnd, Now()));
    }

    private async Task SaveAsync(SubscriptionRow row)
    {
        await store.SaveSubscriptionAsync(row, Now());
        _rows[_rows.FindIndex(r => r.Id == row.Id)] = row;
    }

    private SubscriptionResult Done(SubscriptionRow row) => new(SubscriptionOutcome.Done, View(row));

    private SubscriptionView View(SubscriptionRow row) =>
        row.View(_plans[row.PlanId], clock.GetUtcNow(), Grace, _secrets.GetValueOrDefault(row.Id));

    private async Task<PlanView> PlanAsync(Guid planId)
    {
        if (_plans.TryGetValue(planId, out var plan)) return plan;
        plan = await store.PlanAsync(planId) ?? throw new InvalidOperationException($"Plan {planId} does not exist.");
        _plans[planId] = plan;
        return plan;
    }

    private ISubscriptionPlansGrain PlansOf(Guid? creatorId) => GrainFactory.GetGrain<ISubscriptionPlansGrain>(creatorId ?? PlanIds.Platform);

    private DateTimeOffset Now() => PostgresTime.Now(clock);
}
