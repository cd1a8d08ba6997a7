using Stripe;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>The Stripe stand-in through Stripe.net itself, as the product talks to it: Stripe's idempotency (the first
/// answer replayed for the same key and parameters, an idempotency error for other parameters), confirm, refunds.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class StripeStandInTests(PaymentsFixture api)
{
    private StripeClient Client => new(new StripeClientOptions { ApiKey = PaymentsFixture.ApiKey, ApiBase = api.Stripe.BaseUrl });

    [Fact]
    public async Task IdempotencyKey_SameParameters_ReplaysTheFirstAnswer_OtherParameters_IsStripesIdempotencyError()
    {
        var intents = new PaymentIntentService(Client);
        var key = new RequestOptions { IdempotencyKey = "standin-" + Guid.NewGuid() };
        PaymentIntentCreateOptions Create(long amount) => new() { Amount = amount, Currency = "usd", PaymentMethod = "pm_card_visa", Confirm = true };

        var first = await intents.CreateAsync(Create(1234), key);
        var again = await intents.CreateAsync(Create(1234), key);
        var other = await Assert.ThrowsAsync<StripeException>(() => intents.CreateAsync(Create(999), key));

        Assert.Equal(first.Id, again.Id);
        Assert.Equal("succeeded", again.Status);
        Assert.Equal("idempotency_error", other.StripeError.Type);
        Assert.Single(api.Stripe.Events, e => (string?)e["type"] == "payment_intent.succeeded" && (string?)e["data"]!["object"]!["id"] == first.Id);
    }

    [Fact]
    public async Task ConfirmLater_ThenRefundInParts_UpToWhatWasReceived()
    {
        var intents = new PaymentIntentService(Client);
        var refunds = new RefundService(Client);
        var created = await intents.CreateAsync(new PaymentIntentCreateOptions { Amount = 1000, Currency = "eur" });
        Assert.Equal("requires_payment_method", created.Status);

        var confirmed = await intents.ConfirmAsync(created.Id, new PaymentIntentConfirmOptions { PaymentMethod = "pm_card_fr" });
        var part = await refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = created.Id, Amount = 400 });
        var tooMuch = await Assert.ThrowsAsync<StripeException>(() => refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = created.Id, Amount = 601 }));
        var rest = await refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = created.Id });

        Assert.Equal(("succeeded", 1000L), (confirmed.Status, confirmed.AmountReceived));
        Assert.Equal((400L, "succeeded"), (part.Amount, part.Status));
        Assert.Equal("amount_too_large", tooMuch.StripeError.Code);
        Assert.Equal(600L, rest.Amount);
    }

    [Fact]
    public async Task DeclinedCard_IsACardErrorCarryingTheFailedIntent()
    {
        var error = await Assert.ThrowsAsync<StripeException>(() => new PaymentIntentService(Client).CreateAsync(
            new PaymentIntentCreateOptions { Amount = 500, Currency = "usd", PaymentMethod = "pm_card_chargeDeclined", Confirm = true }));

        Assert.Equal(("card_error", "card_declined", "generic_decline"), (error.StripeError.Type, error.StripeError.Code, error.StripeError.DeclineCode));
        Assert.Equal("requires_payment_method", error.StripeError.PaymentIntent.Status);
    }
}
