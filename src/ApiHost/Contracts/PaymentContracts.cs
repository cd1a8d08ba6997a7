using System.Text.RegularExpressions;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>
/// `POST /payments` body: kind tip or video_purchase, the target (a tip: the creator's user id; a purchase: the video's
/// id), amount in minor units (tips only: a video's price is the owner's), a lower-case currency, and the Stripe payment
/// method id the app collected with Stripe's own SDK (no card data ever reaches us). Bounds and currencies are checked
/// against the configured rules by the endpoint. A tip may be a paid chat message: stream_id (a live stream of the
/// target) and message (checked by the stream's chat as a send); once paid it is posted there, highlighted and pinned.
/// </summary>
public sealed partial record PaymentRequest(
    string? Kind, Guid? TargetId, long? Amount, string? Currency, string? PaymentMethodId, Guid? StreamId = null, string? Message = null) : IValidatable
{
    public static readonly string[] Kinds = ["tip", "video_purchase"];

    public PaymentKind PaymentKind => Kind == "tip" ? PaymentKind.Tip : PaymentKind.VideoPurchase;

    public void Validate(FieldErrors errors)
    {
        errors.OneOf("kind", Kind, Kinds);
        if (TargetId is null || TargetId == Guid.Empty) errors.Add("target_id", "is required");
        if (Kind == "tip" && Amount is null) errors.Add("amount", "is required for a tip");
        if (Kind == "video_purchase" && Amount is not null) errors.Add("amount", "must be absent: a video's price is set by its owner");
        if (StreamId is not null && Kind != "tip") errors.Add("stream_id", "only a tip can be a chat message");
        if (StreamId == Guid.Empty) errors.Add("stream_id", "must be a live stream's id");
        if (StreamId is null && Message is not null) errors.Add("message", "only with stream_id");
        if (StreamId is not null && string.IsNullOrWhiteSpace(Message)) errors.Add("message", "is required with stream_id");
        if (Currency is null || !CurrencyPattern().IsMatch(Currency)) errors.Add("currency", "must be a lower-case ISO 4217 code such as usd");
        if (errors.Required("payment_method_id", PaymentMethodId, 255) && !StripeIdPattern().IsMatch(PaymentMethodId!))
        {
            errors.Add("payment_method_id", "must be a Stripe payment method id (pm_…)");
        }
    }

    [GeneratedRegex("^[a-z]{3}$")]
    public static partial Regex CurrencyPattern();

    [GeneratedRegex("^pm_[A-Za-z0-9_]{1,250}$")]
    public static partial Regex StripeIdPattern();
}

/// <summary>One payment. amount (the price or tip), tax (on top, by the card's country) and total (charged) in minor
/// units; status pending, requires_action (client_secret is then what the app's Stripe SDK needs to let the bank
/// authenticate the buyer), succeeded or failed (failure_code says why); refunded so far.</summary>
public sealed record PaymentResponse(
    Guid Id, PaymentKind Kind, Guid TargetId, Guid RecipientId, string Currency, long Amount, long Tax, long Total, string? Country,
    PaymentStatus Status, long Refunded, string? FailureCode, string? ClientSecret, DateTimeOffset CreatedAt, DateTimeOffset? SettledAt)
{
    public static PaymentResponse From(PaymentView p) => new(p.Id, p.Kind, p.TargetId, p.RecipientId, p.Currency, p.Amount, p.Tax, p.Total, p.Country,
        p.Status, p.Refunded, p.FailureCode, p.ClientSecret, p.CreatedAt, p.SettledAt);
}

/// <summary>`POST /payments/{id}/refund` body: amount (admins only; absent: all that is left) and why (kept in the audit log).</summary>
public sealed record RefundRequest(long? Amount, string? Reason) : IValidatable
{
    public const int MaxReason = 500;

    public void Validate(FieldErrors errors)
    {
        if (Amount is <= 0) errors.Add("amount", "must be a positive number of minor units");
        errors.Required("reason", Reason, MaxReason);
    }
}

/// <summary>`PUT /videos/{id}/price` body: what the owner asks for the video, in minor units of a configured currency.</summary>
public sealed record VideoPriceRequest(long? Amount, string? Currency) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Amount is null) errors.Add("amount", "is required");
        if (Currency is null || !PaymentRequest.CurrencyPattern().IsMatch(Currency)) errors.Add("currency", "must be a lower-case ISO 4217 code such as usd");
    }
}

public sealed record VideoPriceResponse(Guid VideoId, long Amount, string Currency);

/// <summary>The answer to Stripe: the event was received (outcome applied, duplicate or ignored).</summary>
public sealed record StripeWebhookResponse(bool Received, StripeEventOutcome Outcome);
