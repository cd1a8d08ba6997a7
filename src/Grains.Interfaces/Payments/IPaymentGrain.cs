using System.Security.Cryptography;
using System.Text;

namespace SocialFlow.Grains.Interfaces.Payments;

/// <summary>
/// One payment, keyed by <see cref="PaymentIds.For"/> (the buyer and their Idempotency-Key): the single writer of its
/// row, its refunds and its ledger transactions. Concurrent retries of one key reach this one activation and run one at
/// a time, so a key is charged at most once.
/// </summary>
public interface IPaymentGrain : IGrainWithGuidKey
{
    /// <summary>Pays (records the payment, then charges through Stripe with an idempotency key), or answers the first
    /// request's payment again for the same order; another order with the same key is <see cref="PaymentOutcome.KeyReused"/>.</summary>
    Task<PaymentResult> PayAsync(PaymentOrder order);

    /// <summary>The payment for its buyer, or any admin; null for anyone else or when there is none.</summary>
    Task<PaymentView?> GetAsync(Guid viewerId, bool asAdmin);

    /// <summary>Reads the payment intent's current state from Stripe and applies it (a webhook, or a retry): whatever
    /// order events arrive in, the payment follows Stripe's state, and its charge enters the ledger once.</summary>
    Task<PaymentView?> SyncAsync(string intentId);

    /// <summary>Completes what a crash or an unreachable Stripe left half done: a pending refund, a payment without
    /// Stripe's answer (charged again with its own idempotency key, so once), or (older than a day, never reached
    /// Stripe) abandoned. True when something changed.</summary>
    Task<bool> ReconcileAsync();

    /// <summary>The buyer played the video they bought (the first segment): they can no longer refund it themselves.</summary>
    Task WatchedAsync();

    /// <summary>Refunds part or all of a paid payment through Stripe, reversing tax, fee and creator share proportionally
    /// in one ledger transaction; an admin's refund is audited in the same commit.</summary>
    Task<RefundResult> RefundAsync(RefundOrder order);
}

/// <summary>
/// The reconciliation (key 0): compares Stripe's objects with ours and repairs what a crash left half done, on a
/// reminder and on an admin's demand (audited). Idempotent: a second run finds nothing to do.
/// </summary>
public interface IPaymentReconcilerGrain : IScheduledGrain
{
    Task<ReconciliationReport> RunAsync(Moderation.AuditActor? requestedBy);
}

/// <summary>What a run looked at and what it repaired.</summary>
[GenerateSerializer, Immutable]
public sealed record ReconciliationReport(
    [property: Id(0)] int PaymentsChecked, [property: Id(1)] int PaymentsRepaired, [property: Id(2)] int SubscribersChecked,
    [property: Id(3)] int SubscriptionChanges, [property: Id(4)] DateTimeOffset At);

/// <summary>A buyer's payments, newest first (stateless, key 0).</summary>
public interface IPaymentDirectoryGrain : IGrainWithIntegerKey
{
    Task<PaymentPage> HistoryAsync(Guid buyerId, Paging.PageCursor? after, int limit);
}

/// <summary>A video's price (key: the video id), the single writer of its video_prices row. Only the video's owner sets it.</summary>
public interface IVideoPriceGrain : IGrainWithGuidKey
{
    Task<PriceOutcome> SetAsync(Guid callerId, long amount, string currency);

    /// <summary>The price, or null when the video is not for sale. Interleaves with a SetAsync in progress (it only reads
    /// what the grain holds), so the video's access grain may ask while this grain tells it of a change.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<VideoPrice?> GetAsync();
}

/// <summary>One Stripe event (key: Stripe's event id): applied once however many times and however concurrently it is
/// delivered, and recorded in stripe_events.</summary>
public interface IStripeEventGrain : IGrainWithStringKey
{
    Task<StripeEventOutcome> ApplyAsync(StripeEventNotice notice);
}

public static class PaymentIds
{
    /// <summary>The payment a buyer's Idempotency-Key names: a hash of both (opaque, stable, version 8 UUID), so every
    /// retry of the key reaches the same grain without a lookup.</summary>
    public static Guid For(Guid buyerId, string idempotencyKey) => Named($"{buyerId:N}:{idempotencyKey}");

    /// <summary>A version 8 UUID from the SHA-256 of a name: the same name, the same id, on every host.</summary>
    public static Guid Named(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
