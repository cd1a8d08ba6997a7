using SocialFlow.Grains.Interfaces.Payments;
using Stripe;

namespace SocialFlow.Grains.Infrastructure.Stripe;

/// <summary>A Stripe subscription as the payments domain needs it: status, its one item's price and period, whether it
/// ends at the period's end, its latest invoice, and the subscription of ours its metadata names.</summary>
public sealed record StripeSubscriptionState(
    string Id, string Status, string ItemId, string PriceId, DateTimeOffset PeriodEnd, bool CancelAtPeriodEnd, StripeInvoiceState? LatestInvoice,
    Guid? SubscriptionId)
{
    public SubscriptionStatus SubscriptionStatus => Status switch
    {
        "active" or "trialing" => SubscriptionStatus.Active,
        "past_due" or "unpaid" => SubscriptionStatus.PastDue,
        "canceled" => SubscriptionStatus.Canceled,
        "incomplete_expired" => SubscriptionStatus.IncompleteExpired,
        _ => SubscriptionStatus.Incomplete,
    };
}

/// <summary>An invoice: paid or not, what was paid, why it was made (subscription_create, _cycle, _update), its period,
/// and the client secret the app needs while its payment awaits the bank's challenge.</summary>
public sealed record StripeInvoiceState(
    string Id, string Status, long AmountPaid, string Currency, string BillingReason, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
    long AttemptCount, string? ClientSecret, string? SubscriptionId);

/// <summary>Stripe Billing: products and prices of plans, payment methods attached to customers, subscriptions and their
/// invoices. Creations carry idempotency keys derived from our ids, as in the rest of the gateway.</summary>
public sealed partial class StripeGateway
{
    private static readonly List<string> WithInvoice = ["latest_invoice.confirmation_secret"];

    /// <summary>The plan's product (once per plan) and its recurring price for this amount (once per amount and currency).</summary>
    public Task<(string ProductId, string PriceId)> PlanPriceAsync(Guid planId, string name, long amount, string currency, string interval) => CallAsync(async () =>
    {
        var product = await new ProductService(Client).CreateAsync(
            new ProductCreateOptions { Name = name, Metadata = new() { ["plan_id"] = planId.ToString() } },
            new RequestOptions { IdempotencyKey = $"plan-product-{planId}" });
        var price = await new PriceService(Client).CreateAsync(new PriceCreateOptions
        {
            Product = product.Id,
            UnitAmount = amount,
            Currency = currency,
            Recurring = new PriceRecurringOptions { Interval = interval },
            Metadata = new() { ["plan_id"] = planId.ToString() },
        }, new RequestOptions { IdempotencyKey = $"plan-price-{planId}-{amount}-{currency}-{interval}" });
        return (product.Id, price.Id);
    });

    /// <summary>Creates the subscription (our id as idempotency key) with the payment method attached to the customer as
    /// its default; its first invoice is charged at once. A decline or a bank's challenge leaves it incomplete.</summary>
    public Task<StripeSubscriptionState> SubscribeAsync(Guid subscriptionId, Guid subscriberId, string customerId, string priceId, string paymentMethodId) =>
        CallAsync(async () =>
        {
            await new PaymentMethodService(Client).AttachAsync(paymentMethodId, new PaymentMethodAttachOptions { Customer = customerId },
                new RequestOptions { IdempotencyKey = $"attach-{subscriptionId}" });
            var subscription = await new SubscriptionService(Client).CreateAsync(new SubscriptionCreateOptions
            {
                Customer = customerId,
                Items = [new SubscriptionItemOptions { Price = priceId }],
                DefaultPaymentMethod = paymentMethodId,
                PaymentBehavior = "allow_incomplete",
                Metadata = new() { [SubscriptionMetadata.SubscriptionId] = subscriptionId.ToString(), [SubscriptionMetadata.SubscriberId] = subscriberId.ToString() },
                Expand = WithInvoice,
            }, new RequestOptions { IdempotencyKey = $"subscription-{subscriptionId}" });
            return State(subscription);
        });

    public Task<StripeSubscriptionState> GetSubscriptionAsync(string id) => CallAsync(async () =>
        State(await new SubscriptionService(Client).GetAsync(id, new SubscriptionGetOptions { Expand = WithInvoice })));

    /// <summary>Moves the subscription to another price, the difference for the rest of the period invoiced and charged now.</summary>
    public Task<StripeSubscriptionState> ChangePriceAsync(string id, string itemId, string priceId, string idempotencyKey) => CallAsync(async () =>
        State(await new SubscriptionService(Client).UpdateAsync(id, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = itemId, Price = priceId }],
            ProrationBehavior = "always_invoice",
            PaymentBehavior = "allow_incomplete",
            Expand = WithInvoice,
        }, new RequestOptions { IdempotencyKey = idempotencyKey })));

    public Task<StripeSubscriptionState> CancelAtPeriodEndAsync(string id) => CallAsync(async () =>
        State(await new SubscriptionService(Client).UpdateAsync(id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true, Expand = WithInvoice })));

    public Task<StripeSubscriptionState> CancelNowAsync(string id) => CallAsync(async () =>
    {
        try
        {
            await new SubscriptionService(Client).CancelAsync(id);
        }
        catch (StripeException e) when (e.HttpStatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // canceled already (a retry after a crash): read it as it is
        }
        return State(await new SubscriptionService(Client).GetAsync(id, new SubscriptionGetOptions { Expand = WithInvoice }));
    });

    public Task<StripeInvoiceState> GetInvoiceAsync(string id) => CallAsync(async () => Invoice(await new InvoiceService(Client).GetAsync(id)));

    /// <summary>The subscription's paid invoices (for the reconciliation: a webhook lost for each is still found).</summary>
    public Task<List<StripeInvoiceState>> PaidInvoicesAsync(string subscriptionId) => CallAsync(async () =>
    {
        var invoices = new List<StripeInvoiceState>();
        var options = new InvoiceListOptions { Subscription = subscriptionId, Status = "paid", Limit = 100 };
        await foreach (var invoice in new InvoiceService(Client).ListAutoPagingAsync(options)) invoices.Add(Invoice(invoice));
        return invoices;
    });

    /// <summary>Paid invoices created since a time, with the subscriber their subscription's metadata names.</summary>
    public Task<List<(StripeInvoiceState Invoice, Guid? SubscriberId)>> PaidInvoicesSinceAsync(DateTimeOffset since, int max) => CallAsync(async () =>
    {
        var invoices = new List<(StripeInvoiceState, Guid?)>();
        var options = new InvoiceListOptions { Status = "paid", Created = new DateRangeOptions { GreaterThanOrEqual = since.UtcDateTime }, Limit = 100 };
        await foreach (var invoice in new InvoiceService(Client).ListAutoPagingAsync(options))
        {
            var metadata = invoice.Parent?.SubscriptionDetails?.Metadata;
            invoices.Add((Invoice(invoice), metadata is not null && metadata.TryGetValue(SubscriptionMetadata.SubscriberId, out var s) && Guid.TryParse(s, out var g) ? g : null));
            if (invoices.Count >= max) break;
        }
        return invoices;
    });

    private static StripeSubscriptionState State(Subscription s)
    {
        var item = s.Items.Data[0];
        return new(s.Id, s.Status, item.Id, item.Price.Id, item.CurrentPeriodEnd, s.CancelAtPeriodEnd, s.LatestInvoice is { } i ? Invoice(i) : null,
            s.Metadata is { } m && m.TryGetValue(SubscriptionMetadata.SubscriptionId, out var id) && Guid.TryParse(id, out var g) ? g : null);
    }

    private static StripeInvoiceState Invoice(Invoice i) => new(
        i.Id, i.Status, i.AmountPaid, i.Currency, i.BillingReason, i.PeriodStart, i.PeriodEnd, i.AttemptCount, i.ConfirmationSecret?.ClientSecret,
        i.Parent?.SubscriptionDetails?.SubscriptionId);
}
