using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

/// <summary>A payments row as its grain holds it (never sent over the wire: <see cref="View"/> is what callers get).</summary>
public sealed record PaymentRow(
    Guid Id,
    Guid BuyerId,
    string IdempotencyKey,
    string Fingerprint,
    PaymentKind Kind,
    Guid TargetId,
    Guid RecipientId,
    string PaymentMethodId,
    string Currency,
    long Amount,
    long Tax,
    long Fee,
    string? Country,
    decimal TaxRate,
    PaymentStatus Status,
    long Refunded,
    string? IntentId,
    string? FailureCode,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SettledAt)
{
    public long Total => Amount + Tax;

    public PaymentView View(string? clientSecret = null) => new(Id, BuyerId, Kind, TargetId, RecipientId, Currency, Amount, Tax, Total, Country,
        Status, Refunded, FailureCode, Status == PaymentStatus.RequiresAction ? clientSecret : null, CreatedAt, SettledAt);

    public static string Name(PaymentKind kind) => kind == PaymentKind.Tip ? "tip" : "video_purchase";

    public static string Name(PaymentStatus status) => status switch
    {
        PaymentStatus.Pending => "pending",
        PaymentStatus.RequiresAction => "requires_action",
        PaymentStatus.Succeeded => "succeeded",
        _ => "failed",
    };

    public static PaymentStatus StatusOf(string name) => name switch
    {
        "pending" => PaymentStatus.Pending,
        "requires_action" => PaymentStatus.RequiresAction,
        "succeeded" => PaymentStatus.Succeeded,
        _ => PaymentStatus.Failed,
    };
}
