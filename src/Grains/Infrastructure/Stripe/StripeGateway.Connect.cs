using SocialFlow.Grains.Interfaces.Payments;
using Stripe;

namespace SocialFlow.Grains.Infrastructure.Stripe;

/// <summary>Stripe Connect: creators' Express accounts, their onboarding links, and transfers of earnings to them.</summary>
public sealed partial class StripeGateway
{
    /// <summary>The creator's connected account, created once (the user id is the idempotency key).</summary>
    public Task<string> CreateAccountAsync(Guid userId, string country) => CallAsync(async () =>
        (await new AccountService(Client).CreateAsync(
            new AccountCreateOptions { Type = "express", Country = country, Metadata = new() { [SubscriptionMetadata.UserId] = userId.ToString() } },
            new RequestOptions { IdempotencyKey = $"account-{userId}" })).Id);

    /// <summary>A short-lived link to Stripe's onboarding of the account.</summary>
    public Task<(string Url, DateTimeOffset ExpiresAt)> OnboardingLinkAsync(string accountId, string refreshUrl, string returnUrl) => CallAsync(async () =>
    {
        var link = await new AccountLinkService(Client).CreateAsync(new AccountLinkCreateOptions
        {
            Account = accountId,
            RefreshUrl = refreshUrl,
            ReturnUrl = returnUrl,
            Type = "account_onboarding",
        });
        return (link.Url, new DateTimeOffset(link.ExpiresAt, TimeSpan.Zero));
    });

    public Task<bool> PayoutsEnabledAsync(string accountId) => CallAsync(async () => (await new AccountService(Client).GetAsync(accountId)).PayoutsEnabled);

    /// <summary>Moves a payout's amount to the creator's account; the payout's id is the idempotency key. Returns the transfer's id.</summary>
    public Task<string> TransferAsync(Guid payoutId, long amount, string currency, string accountId) => CallAsync(async () =>
        (await new TransferService(Client).CreateAsync(new TransferCreateOptions
        {
            Amount = amount,
            Currency = currency,
            Destination = accountId,
            Metadata = new() { ["payout_id"] = payoutId.ToString() },
        }, new RequestOptions { IdempotencyKey = $"payout-{payoutId}" })).Id);
}
