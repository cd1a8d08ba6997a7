using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Payments;

public enum PaymentKind { Tip, VideoPurchase }

/// <summary>Stripe's outcome as the payment keeps it: recorded before Stripe is called (pending), waiting for the buyer's
/// bank (requires_action), paid (succeeded, its charge in the ledger) or not (failed).</summary>
public enum PaymentStatus { Pending, RequiresAction, Succeeded, Failed }

/// <summary>What a buyer asks to pay: amount only for a tip (a video's price comes from <see cref="IVideoPriceGrain"/>);
/// a tip may carry a <see cref="Message"/> for the live chat of <see cref="StreamId"/> (the recipient's stream).</summary>
[GenerateSerializer, Immutable]
public sealed record PaymentOrder(
    [property: Id(0)] Guid BuyerId,
    [property: Id(1)] string IdempotencyKey,
    [property: Id(2)] PaymentKind Kind,
    [property: Id(3)] Guid TargetId,
    [property: Id(4)] long? Amount,
    [property: Id(5)] string Currency,
    [property: Id(6)] string PaymentMethodId,
    [property: Id(7)] Guid? StreamId = null,
    [property: Id(8)] string? Message = null)
{
    /// <summary>The request's canonical form: the same idempotency key with another fingerprint is refused. A chat tip's
    /// stream and message are appended (other payments' fingerprints stay as they were recorded).</summary>
    public string Fingerprint => $"{Kind}|{TargetId}|{Amount?.ToString(System.Globalization.CultureInfo.InvariantCulture)}|{Currency}|{PaymentMethodId}"
        + (StreamId is { } stream ? $"|{stream:N}|{Message}" : "");
}

/// <summary>One payment as its buyer (or an admin) sees it. Amounts in minor units: <see cref="Amount"/> the price or tip,
/// <see cref="Tax"/> on top of it, <see cref="Total"/> charged; <see cref="ClientSecret"/> only while the bank asks the
/// buyer to authenticate (read from Stripe, never stored).</summary>
[GenerateSerializer, Immutable]
public sealed record PaymentView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid BuyerId,
    [property: Id(2)] PaymentKind Kind,
    [property: Id(3)] Guid TargetId,
    [property: Id(4)] Guid RecipientId,
    [property: Id(5)] string Currency,
    [property: Id(6)] long Amount,
    [property: Id(7)] long Tax,
    [property: Id(8)] long Total,
    [property: Id(9)] string? Country,
    [property: Id(10)] PaymentStatus Status,
    [property: Id(11)] long Refunded,
    [property: Id(12)] string? FailureCode,
    [property: Id(13)] string? ClientSecret,
    [property: Id(14)] DateTimeOffset CreatedAt,
    [property: Id(15)] DateTimeOffset? SettledAt);

public enum PaymentOutcome { Done, TargetNotFound, NotForSale, OwnTarget, AlreadyPurchased, KeyReused, InvalidPaymentMethod, InvalidAmount, ChatRefused }

/// <summary>The payment (for <see cref="PaymentOutcome.Done"/>, also when this was a replay of the same request) or why not;
/// <see cref="Chat"/>: why the stream's chat refused a tip's message (nothing was charged).</summary>
[GenerateSerializer, Immutable]
public sealed record PaymentResult(
    [property: Id(0)] PaymentOutcome Outcome, [property: Id(1)] PaymentView? Payment, [property: Id(2)] string? Problem = null,
    [property: Id(3)] Live.Chat.ChatRefused? Chat = null);

[GenerateSerializer, Immutable]
public sealed record PaymentPage([property: Id(0)] IReadOnlyList<PaymentView> Items, [property: Id(1)] PageCursor? Next);

/// <summary>A refund asked by an admin (audited) or by the buyer (within the window, of a video they have not watched).
/// <see cref="Amount"/> null: everything not yet refunded.</summary>
[GenerateSerializer, Immutable]
public sealed record RefundOrder(
    [property: Id(0)] AuditActor By,
    [property: Id(1)] bool AsAdmin,
    [property: Id(2)] long? Amount,
    [property: Id(3)] string Reason);

public enum RefundOutcome { Done, NotFound, NotRefundable, AmountTooLarge, WindowClosed, Watched }

[GenerateSerializer, Immutable]
public sealed record RefundResult([property: Id(0)] RefundOutcome Outcome, [property: Id(1)] PaymentView? Payment, [property: Id(2)] long Refundable = 0);

/// <summary>A video's price, set by its owner.</summary>
[GenerateSerializer, Immutable]
public sealed record VideoPrice([property: Id(0)] Guid VideoId, [property: Id(1)] Guid OwnerId, [property: Id(2)] long Amount, [property: Id(3)] string Currency);

public enum PriceOutcome { Done, NotFound, Forbidden }

/// <summary>A verified Stripe event, as the webhook endpoint read it: its id and type, and the id of the object it is
/// about with the payment that object names in its metadata (null for objects that are not ours). For a subscription or
/// one of its invoices: <see cref="ObjectId"/> is the subscription's id, <see cref="SubscriberId"/> the subscriber its
/// metadata names, and <see cref="InvoiceId"/> the invoice's. For a creator's connected account: <see cref="CreatorId"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record StripeEventNotice(
    [property: Id(0)] string Id, [property: Id(1)] string Type, [property: Id(2)] string? ObjectId, [property: Id(3)] Guid? PaymentId,
    [property: Id(4)] Guid? SubscriberId = null, [property: Id(5)] string? InvoiceId = null, [property: Id(6)] Guid? CreatorId = null);

public enum StripeEventOutcome { Applied, Duplicate, Ignored }

/// <summary>Payment metadata keys shared by the caller of Stripe and the webhook reader.</summary>
public static class PaymentMetadata
{
    public const string PaymentId = "payment_id";
}

/// <summary>Subscription metadata keys (Stripe copies a subscription's metadata onto its invoices' parent details), and
/// the connected account's.</summary>
public static class SubscriptionMetadata
{
    public const string SubscriptionId = "subscription_id";
    public const string SubscriberId = "subscriber_id";

    /// <summary>The user a creator's connected account belongs to.</summary>
    public const string UserId = "user_id";
}

/// <summary>
/// Stripe could not be reached or failed (not a card's refusal): the payment stays as recorded, and a retry with the same
/// Idempotency-Key resumes it (Stripe is called with the payment's own idempotency key). The API answers 503.
/// </summary>
[GenerateSerializer]
public sealed class PaymentProviderUnavailableException : Exception
{
    public PaymentProviderUnavailableException() { }
    public PaymentProviderUnavailableException(string message) : base(message) { }
    public PaymentProviderUnavailableException(string message, Exception inner) : base(message, inner) { }
}
