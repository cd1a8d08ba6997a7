using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

/// <summary>A subscriptions row as its subscriber's grain holds it.</summary>
public sealed record SubscriptionRow(
    Guid Id,
    Guid SubscriberId,
    Guid PlanId,
    Guid? CreatorId,
    SubscriptionStatus Status,
    string PaymentMethod,
    string? Country,
    string? StripeId,
    DateTimeOffset? PeriodEnd,
    bool CancelAtPeriodEnd,
    DateTimeOffset? PastDueSince,
    string? FailureCode,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt)
{
    public bool Live => Status is not (SubscriptionStatus.Canceled or SubscriptionStatus.IncompleteExpired);

    /// <summary>Its perks apply at <paramref name="now"/>: paid up, or past due within the grace period.</summary>
    public bool EntitledAt(DateTimeOffset now, TimeSpan grace) =>
        Status == SubscriptionStatus.Active || (Status == SubscriptionStatus.PastDue && GraceUntil(grace) > now);

    public DateTimeOffset? GraceUntil(TimeSpan grace) => Status == SubscriptionStatus.PastDue ? PastDueSince + grace : null;

    public SubscriptionView View(PlanView plan, DateTimeOffset now, TimeSpan grace, string? clientSecret = null) => new(
        Id, plan, Status, EntitledAt(now, grace), PeriodEnd, CancelAtPeriodEnd, GraceUntil(grace), FailureCode,
        Status is SubscriptionStatus.Incomplete or SubscriptionStatus.Pending ? clientSecret : null, CreatedAt, EndedAt);

    public static string Name(SubscriptionStatus status) => status switch
    {
        SubscriptionStatus.Pending => "pending",
        SubscriptionStatus.Incomplete => "incomplete",
        SubscriptionStatus.Active => "active",
        SubscriptionStatus.PastDue => "past_due",
        SubscriptionStatus.Canceled => "canceled",
        _ => "incomplete_expired",
    };

    public static SubscriptionStatus StatusOf(string name) => name switch
    {
        "pending" => SubscriptionStatus.Pending,
        "incomplete" => SubscriptionStatus.Incomplete,
        "active" => SubscriptionStatus.Active,
        "past_due" => SubscriptionStatus.PastDue,
        "canceled" => SubscriptionStatus.Canceled,
        _ => SubscriptionStatus.IncompleteExpired,
    };
}

/// <summary>A paid invoice of a subscription, as recorded with its ledger transaction.</summary>
public sealed record InvoiceRow(
    string InvoiceId, Guid SubscriptionId, Guid? RecipientId, string Currency, long Total, long Tax, long Fee, string? Country, decimal TaxRate,
    string BillingReason, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, DateTimeOffset PaidAt);
