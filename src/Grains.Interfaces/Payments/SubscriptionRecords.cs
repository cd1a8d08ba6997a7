namespace SocialFlow.Grains.Interfaces.Payments;

/// <summary>A plan people subscribe to: the platform's (<see cref="CreatorId"/> null) or a creator's tier. Amount per
/// interval, minor units, tax included.</summary>
[GenerateSerializer, Immutable]
public sealed record PlanView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid? CreatorId,
    [property: Id(2)] string Name,
    [property: Id(3)] string Description,
    [property: Id(4)] IReadOnlyList<string> Perks,
    [property: Id(5)] int Rank,
    [property: Id(6)] long Amount,
    [property: Id(7)] string Currency,
    [property: Id(8)] string Interval,
    [property: Id(9)] bool Archived,
    [property: Id(10)] string? StripePriceId = null);

[GenerateSerializer, Immutable]
public sealed record TierDraft(
    [property: Id(0)] string Name, [property: Id(1)] string Description, [property: Id(2)] IReadOnlyList<string> Perks,
    [property: Id(3)] int Rank, [property: Id(4)] long Amount, [property: Id(5)] string Currency);

/// <summary>What a creator may change of a tier; a new amount is a new Stripe price for new subscribers only.</summary>
[GenerateSerializer, Immutable]
public sealed record TierChanges(
    [property: Id(0)] string? Name, [property: Id(1)] string? Description, [property: Id(2)] IReadOnlyList<string>? Perks,
    [property: Id(3)] int? Rank, [property: Id(4)] long? Amount);

public enum TierOutcome { Done, NotFound, TooMany, RankTaken }

[GenerateSerializer, Immutable]
public sealed record TierResult([property: Id(0)] TierOutcome Outcome, [property: Id(1)] PlanView? Plan);

/// <summary>Stripe's subscription statuses that SocialFlow keeps (pending: recorded, Stripe not answered yet).</summary>
public enum SubscriptionStatus { Pending, Incomplete, Active, PastDue, Canceled, IncompleteExpired }

/// <summary>One subscription as its subscriber sees it. <see cref="ClientSecret"/> only while the bank asks the
/// subscriber to authenticate the first payment (read from Stripe, never stored). <see cref="Entitled"/>: its perks
/// apply now (active, or past due within the grace period).</summary>
[GenerateSerializer, Immutable]
public sealed record SubscriptionView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] PlanView Plan,
    [property: Id(2)] SubscriptionStatus Status,
    [property: Id(3)] bool Entitled,
    [property: Id(4)] DateTimeOffset? CurrentPeriodEnd,
    [property: Id(5)] bool CancelAtPeriodEnd,
    [property: Id(6)] DateTimeOffset? GraceUntil,
    [property: Id(7)] string? FailureCode,
    [property: Id(8)] string? ClientSecret,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] DateTimeOffset? EndedAt);

public enum SubscriptionOutcome { Done, PlanNotFound, OwnPlan, AlreadySubscribed, NotFound, NotLive, SamePlan, InvalidPaymentMethod }

[GenerateSerializer, Immutable]
public sealed record SubscriptionResult([property: Id(0)] SubscriptionOutcome Outcome, [property: Id(1)] SubscriptionView? Subscription);

/// <summary>Who may see an item: everyone (<see cref="Free"/>), members of the owner's tiers from <see cref="MinRank"/>
/// on, buyers at <see cref="Price"/>; with both, either grants it. The owner always may.</summary>
[GenerateSerializer, Immutable]
public sealed record ContentRule(
    [property: Id(0)] Guid ContentId, [property: Id(1)] Guid OwnerId, [property: Id(2)] int? MinRank, [property: Id(3)] VideoPrice? Price)
{
    public bool Free => MinRank is null && Price is null;
}

public enum AccessVerdict { Allowed, MembershipRequired, PurchaseRequired }

/// <summary>The verdict, and for a refusal what would grant access: a tier of <see cref="CreatorId"/> from
/// <see cref="MinRank"/> on, or buying at <see cref="Price"/>. <see cref="Restricted"/>: not everyone may see the item
/// (so no shared cache may keep it).</summary>
[GenerateSerializer, Immutable]
public sealed record AccessDecision(
    [property: Id(0)] AccessVerdict Verdict, [property: Id(1)] Guid CreatorId = default, [property: Id(2)] int? MinRank = null,
    [property: Id(3)] VideoPrice? Price = null, [property: Id(4)] bool Restricted = true)
{
    /// <summary>A free item: everyone may see it.</summary>
    public static readonly AccessDecision Open = new(AccessVerdict.Allowed, Restricted: false);

    /// <summary>A restricted item this viewer may see (its owner, a member, a buyer).</summary>
    public static readonly AccessDecision Granted = new(AccessVerdict.Allowed);

    /// <summary>What to tell someone who may not see the item under <paramref name="rule"/>: membership first, when it is one way in.</summary>
    public static AccessDecision Refused(ContentRule rule) => rule.MinRank is not null
        ? new(AccessVerdict.MembershipRequired, rule.OwnerId, rule.MinRank, rule.Price)
        : new(AccessVerdict.PurchaseRequired, rule.OwnerId, null, rule.Price);
}

public enum AccessRuleOutcome { Done, NotFound, Forbidden }

/// <summary>The kinds of item a creator can make members-only.</summary>
public enum GatedItemKind { Video, Post, LiveStream }

/// <summary>The perks a platform plan may name in configuration that the platform itself applies.</summary>
public static class PlanPerks
{
    /// <summary>Four times the configured upload quota (SocialFlow:Videos:QuotaBytesPerUser).</summary>
    public const string UploadQuotaX4 = "upload_quota_x4";

    /// <summary>No ads (applied once ads exist).</summary>
    public const string NoAds = "no_ads";

    /// <summary>The HD renditions (SocialFlow:Videos:HdFromHeight and up); without it, viewers get the ladder below.</summary>
    public const string HdRenditions = "hd_renditions";
}

public static class PlanIds
{
    /// <summary>The key of the platform's plans grain.</summary>
    public static readonly Guid Platform = Guid.Empty;

    /// <summary>The free plan everyone has (listed, never subscribed to).</summary>
    public static readonly Guid Free = Of("free");

    /// <summary>A platform plan's id, from its configuration key (stable, version 8 UUID).</summary>
    public static Guid Of(string platformKey) => PaymentIds.Named($"platform-plan:{platformKey}");
}
