using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Interfaces.Payments;

/// <summary>
/// One creator's payouts (key: the creator's user id; callers take it from the token, or an admin's route): their Stripe
/// Connect account, their earnings read from the ledger, and the payouts made from them. The single writer of their
/// creator_accounts row, payouts rows and payouts' ledger transactions.
/// </summary>
public interface ICreatorPayoutGrain : IGrainWithGuidKey
{
    /// <summary>The creator's connected account (created once, in <paramref name="country"/>) and a fresh link to Stripe's onboarding of it.</summary>
    Task<PayoutAccountView> OnboardAsync(string country);

    Task<EarningsView> EarningsAsync();

    /// <summary>Pays out, per currency, what is available above the minimum (and completes a payout a crash left
    /// pending, with its own idempotency key); nothing while held or while Stripe has not enabled payouts.</summary>
    Task<IReadOnlyList<PayoutView>> PayOutAsync();

    /// <summary>Reads the account from Stripe (its webhook, account.updated).</summary>
    Task SyncAccountAsync();

    /// <summary>An admin holds (or releases) the creator's payouts, audited; false when the creator has no account.</summary>
    Task<bool> SetHoldAsync(bool held, string reason, AuditActor by);
}

/// <summary>The payouts run (key 0): every creator with payouts enabled and not held, on a reminder and on an admin's demand.</summary>
public interface IPayoutSchedulerGrain : IScheduledGrain
{
    /// <summary>The number of payouts made.</summary>
    Task<int> RunAsync(AuditActor? requestedBy);
}

[GenerateSerializer, Immutable]
public sealed record PayoutAccountView(
    [property: Id(0)] string AccountId, [property: Id(1)] string? OnboardingUrl, [property: Id(2)] DateTimeOffset? OnboardingExpiresAt,
    [property: Id(3)] bool PayoutsEnabled, [property: Id(4)] bool Held);

/// <summary>Per currency, in minor units: available (to be paid out), pending (earned within the pending period, when
/// refunds may still take it back), paid out so far.</summary>
[GenerateSerializer, Immutable]
public sealed record CurrencyEarnings([property: Id(0)] string Currency, [property: Id(1)] long Available, [property: Id(2)] long Pending, [property: Id(3)] long PaidOut);

/// <summary>What a creator earned (net of refunds) on one day (UTC) in one currency.</summary>
[GenerateSerializer, Immutable]
public sealed record DailyEarnings([property: Id(0)] DateOnly Day, [property: Id(1)] string Currency, [property: Id(2)] long Amount);

public enum PayoutStatus { Pending, Paid, Failed }

[GenerateSerializer, Immutable]
public sealed record PayoutView(
    [property: Id(0)] Guid Id, [property: Id(1)] long Amount, [property: Id(2)] string Currency, [property: Id(3)] PayoutStatus Status,
    [property: Id(4)] DateTimeOffset CreatedAt, [property: Id(5)] DateTimeOffset? SettledAt);

[GenerateSerializer, Immutable]
public sealed record EarningsView(
    [property: Id(0)] IReadOnlyList<CurrencyEarnings> Balances,
    [property: Id(1)] IReadOnlyList<DailyEarnings> Days,
    [property: Id(2)] IReadOnlyList<PayoutView> Payouts,
    [property: Id(3)] bool HasAccount,
    [property: Id(4)] bool PayoutsEnabled,
    [property: Id(5)] bool Held,
    [property: Id(6)] long MinimumPayout);
