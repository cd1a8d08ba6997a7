using System.Net;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Payments;
using Stripe;

namespace SocialFlow.Grains.Infrastructure.Stripe;

/// <summary>A payment intent as the payments domain needs it: Stripe's status, what was received, the secret the app
/// needs while the bank asks for authentication, why it failed, and the payment it names in its metadata.</summary>
public sealed record IntentState(string Id, string Status, long AmountReceived, string? ClientSecret, string? FailureCode, Guid? PaymentId)
{
    public PaymentStatus PaymentStatus => Status switch
    {
        "succeeded" => PaymentStatus.Succeeded,
        "requires_action" => PaymentStatus.RequiresAction,
        "canceled" => PaymentStatus.Failed,
        "requires_payment_method" when FailureCode is not null => PaymentStatus.Failed,
        _ => PaymentStatus.Pending,
    };
}

/// <summary>
/// The adapter to Stripe (Stripe.net 53, the only payment client): every call that creates something carries an
/// idempotency key derived from our own id (customer-{user}, payment-{payment}, refund-{refund}), so a retry after a
/// crash or a timeout returns Stripe's first answer instead of charging again. A card's refusal is an answer (the
/// intent, failed); anything else that goes wrong is <see cref="PaymentProviderUnavailableException"/>.
/// </summary>
public sealed partial class StripeGateway(IOptions<StripeOptions> options, IHttpClientFactory http)
{
    private StripeClient? _client;

    private StripeClient Client => _client ??= Create();

    /// <summary>The card's country (for tax), or null when Stripe knows no such payment method.</summary>
    public async Task<(bool Found, string? Country)> PaymentMethodAsync(string paymentMethodId)
    {
        try
        {
            var pm = await new PaymentMethodService(Client).GetAsync(paymentMethodId);
            return (true, pm.Card?.Country?.ToUpperInvariant());
        }
        catch (StripeException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
        {
            return (false, null);
        }
        catch (Exception e) when (Unavailable(e))
        {
            throw new PaymentProviderUnavailableException("Stripe could not be reached.");
        }
    }

    public Task<string> CreateCustomerAsync(Guid userId) => CallAsync(async () =>
        (await new CustomerService(Client).CreateAsync(
            new CustomerCreateOptions { Metadata = new() { ["user_id"] = userId.ToString() } },
            new RequestOptions { IdempotencyKey = $"customer-{userId}" })).Id);

    /// <summary>Creates and confirms the payment's intent for its total; a declined card is a failed intent, not an error.</summary>
    public async Task<IntentState> ChargeAsync(Guid paymentId, long total, string currency, string customerId, string paymentMethodId, string description)
    {
        try
        {
            var intent = await new PaymentIntentService(Client).CreateAsync(new PaymentIntentCreateOptions
            {
                Amount = total,
                Currency = currency,
                Customer = customerId,
                PaymentMethod = paymentMethodId,
                Confirm = true,
                // Cards are confirmed server-side; a bank's challenge comes back as requires_action for the app's Stripe SDK.
                AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true, AllowRedirects = "never" },
                Description = description,
                Metadata = new() { [PaymentMetadata.PaymentId] = paymentId.ToString() },
            }, new RequestOptions { IdempotencyKey = $"payment-{paymentId}" });
            return State(intent);
        }
        catch (StripeException e) when (e.StripeError?.Type == "card_error" && e.StripeError.PaymentIntent is { } failed)
        {
            return State(failed) with { FailureCode = e.StripeError.DeclineCode ?? e.StripeError.Code ?? "card_declined" };
        }
        catch (Exception e) when (Unavailable(e))
        {
            throw new PaymentProviderUnavailableException("Stripe could not be reached.");
        }
    }

    public Task<IntentState> GetIntentAsync(string intentId) => CallAsync(async () => State(await new PaymentIntentService(Client).GetAsync(intentId)));

    /// <summary>Succeeded intents created since a time that name one of our payments (for the reconciliation).</summary>
    public Task<List<IntentState>> SucceededIntentsSinceAsync(DateTimeOffset since, int max) => CallAsync(async () =>
    {
        var intents = new List<IntentState>();
        var options = new PaymentIntentListOptions { Created = new DateRangeOptions { GreaterThanOrEqual = since.UtcDateTime }, Limit = 100 };
        await foreach (var intent in new PaymentIntentService(Client).ListAutoPagingAsync(options))
        {
            if (intent.Status == "succeeded" && State(intent) is { PaymentId: not null } ours) intents.Add(ours);
            if (intents.Count >= max) break;
        }
        return intents;
    });

    /// <summary>Refunds part of an intent; the refund's own id is the idempotency key. Returns Stripe's refund id.</summary>
    public Task<string> RefundAsync(Guid refundId, string intentId, long amount, string reason) => CallAsync(async () =>
        (await new RefundService(Client).CreateAsync(new RefundCreateOptions
        {
            PaymentIntent = intentId,
            Amount = amount,
            Reason = "requested_by_customer",
            Metadata = new() { ["refund_id"] = refundId.ToString(), ["reason"] = reason.Length > 500 ? reason[..500] : reason },
        }, new RequestOptions { IdempotencyKey = $"refund-{refundId}" })).Id);

    private static IntentState State(PaymentIntent intent) => new(
        intent.Id, intent.Status, intent.AmountReceived, intent.Status == "requires_action" ? intent.ClientSecret : null,
        intent.LastPaymentError is { } error ? error.DeclineCode ?? error.Code ?? "card_declined" : null,
        intent.Metadata is { } m && m.TryGetValue(PaymentMetadata.PaymentId, out var id) && Guid.TryParse(id, out var g) ? g : null);

    /// <summary>A call to Stripe whose failure (other than an answer the caller handles itself) is <see cref="PaymentProviderUnavailableException"/>.</summary>
    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (Unavailable(e))
        {
            throw new PaymentProviderUnavailableException("Stripe could not be reached.");
        }
    }

    /// <summary>Stripe down, slow or refusing our request: the caller's state stays as recorded, and a retry resumes it.</summary>
    private static bool Unavailable(Exception e) => e is StripeException or HttpRequestException or TaskCanceledException or TimeoutException;

    private StripeClient Create()
    {
        var o = options.Value;
        if (!o.Enabled) throw new PaymentProviderUnavailableException("Payments are not configured (SocialFlow:Payments:Stripe:SecretKey).");
        var client = http.CreateClient(nameof(StripeGateway));
        client.Timeout = o.Timeout;
        return new StripeClient(new StripeClientOptions
        {
            ApiKey = o.SecretKey,
            ApiBase = o.ApiBase.TrimEnd('/'),
            HttpClient = new SystemNetHttpClient(client, maxNetworkRetries: 1, appInfo: null, enableTelemetry: false),
        });
    }
}
