using Orleans.Concurrency;

namespace SocialFlow.Grains.Interfaces.Payments;

/// <summary>
/// The plans of one creator (key: the creator's user id; callers take it from the token) or of the platform (key
/// <see cref="PlanIds.Platform"/>, its plans from configuration): the single writer of their subscription_plans rows and
/// of their Stripe products and prices.
/// </summary>
public interface ISubscriptionPlansGrain : IGrainWithGuidKey
{
    /// <summary>The plans open to new subscribers, by rank.</summary>
    [ReadOnly]
    Task<IReadOnlyList<PlanView>> ListAsync();

    /// <summary>A plan of this grain's owner, archived or not, with its Stripe price made sure of; null when it has none such.</summary>
    Task<PlanView?> PriceAsync(Guid planId);

    Task<TierResult> CreateTierAsync(TierDraft draft);

    Task<TierResult> UpdateTierAsync(Guid planId, TierChanges changes);

    /// <summary>Closes a tier to new subscribers; its subscribers keep it until they cancel.</summary>
    Task<TierOutcome> ArchiveTierAsync(Guid planId);
}

/// <summary>
/// One subscriber's subscriptions (key: the user id; callers take it from the token): the single writer of their
/// subscriptions and subscription_invoices rows (and the invoices' ledger transactions), and the judge of what they may
/// see (memberships, purchases).
/// </summary>
public interface ISubscriberGrain : IGrainWithGuidKey
{
    Task<SubscriptionResult> SubscribeAsync(Guid planId, string paymentMethodId);

    /// <summary>Moves a live subscription to another plan of the same creator (or the platform), prorated and charged now.</summary>
    Task<SubscriptionResult> ChangePlanAsync(Guid subscriptionId, Guid planId);

    /// <summary>Cancels at the end of the paid period, or at once.</summary>
    Task<SubscriptionResult> CancelAsync(Guid subscriptionId, bool now);

    /// <summary>Live subscriptions and those ended in the last 90 days, newest first.</summary>
    Task<IReadOnlyList<SubscriptionView>> MineAsync();

    /// <summary>Reads the Stripe subscription (and a paid invoice of it) as Stripe has it now, and applies it: a webhook
    /// in any order, a reconciliation, a retry. A paid invoice enters the ledger once.</summary>
    Task SyncAsync(string stripeSubscriptionId, string? invoiceId);

    /// <summary>Brings every live subscription in line with Stripe: one that never reached Stripe is created (its own
    /// idempotency key), every paid invoice Stripe lists enters the ledger once. The number of changes made.</summary>
    Task<int> ReconcileAsync();

    /// <summary>Whether this subscriber may see content under <paramref name="rule"/>, and if not, what would grant it;
    /// <paramref name="watching"/>: a segment is being played (a bought video counts as watched from then on).</summary>
    Task<AccessDecision> AccessAsync(ContentRule rule, bool watching);

    /// <summary>The subscriber's badge in <paramref name="creatorId"/>'s live chat: their highest-ranked tier of that creator
    /// they are entitled to now; null when none.</summary>
    Task<MemberBadge?> BadgeAsync(Guid creatorId);

    /// <summary>The perks of the platform plans the subscriber is entitled to now (<see cref="PlanPerks"/>).</summary>
    Task<IReadOnlyList<string>> PlatformPerksAsync();

    /// <summary>A purchase of the video was paid or refunded: forget what this grain knew of it.</summary>
    Task PurchaseChangedAsync(Guid videoId);
}

/// <summary>Who may see one content item (key: its id; a video, a post or a live stream): members of its creator's tiers
/// from a rank on, and (videos) its buyers when it has a price. The single writer of its members_only_content row.</summary>
public interface IContentAccessGrain : IGrainWithGuidKey
{
    /// <summary>The owner makes the item members-only (from <paramref name="minRank"/> on), or open again (null).</summary>
    Task<AccessRuleOutcome> SetMembersOnlyAsync(Guid callerId, GatedItemKind kind, int? minRank);

    /// <summary>
    /// For an item the creator is about to create under this id (new, server-chosen): members-only from the start, so that
    /// no reader sees it open in between. Refused (Forbidden) once an item or a rule exists under the id.
    /// </summary>
    Task<AccessRuleOutcome> PrepareMembersOnlyAsync(Guid creatorId, GatedItemKind kind, int minRank);

    [ReadOnly]
    Task<ContentRule> GetRuleAsync();

    /// <summary>The item's price changed (told by its VideoPriceGrain, with the new price): tell every host.</summary>
    Task PriceChangedAsync(VideoPrice? price);
}

/// <summary>
/// Where content is read (the API hosts' video playback): may this viewer see this item? Free items are answered from a
/// copy of their rule on this host, with no grain call; rules are announced when they change (within the
/// AnnouncedCache's bounds). Restricted items ask the viewer's <see cref="ISubscriberGrain"/> every time, so a
/// subscription or purchase that a webhook just applied counts at once on every host.
/// </summary>
public interface IContentGate
{
    /// <summary><paramref name="watching"/>: the viewer is playing a segment, not only reading a playlist.</summary>
    ValueTask<AccessDecision> CheckAsync(Guid contentId, Guid? viewerId, bool watching = false);
}
