using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// What the subscriber may see: members-only items of creators whose tier (of the item's rank or above) they hold and
/// are entitled to now; videos they bought (a paid-up purchase not wholly refunded; a yes is remembered until a payment
/// grain says the purchase changed). The first segment a buyer plays marks the purchase watched (its payment's grain
/// keeps it): a watched video is not refunded to the buyer.
/// </summary>
public sealed partial class SubscriberGrain
{
    private readonly Dictionary<Guid, (Guid PaymentId, bool Watched)> _purchased = [];

    public async Task<AccessDecision> AccessAsync(ContentRule rule, bool watching)
    {
        if (rule.Free) return AccessDecision.Open;
        if (rule.OwnerId == SubscriberId) return AccessDecision.Granted;
        var now = clock.GetUtcNow();
        if (rule.MinRank is { } min && _rows.Any(r => r.CreatorId == rule.OwnerId && r.EntitledAt(now, Grace) && _plans[r.PlanId].Rank >= min))
        {
            return AccessDecision.Granted;
        }
        if (rule.Price is not null && (_purchased.TryGetValue(rule.ContentId, out var known) ? known : await store.PurchaseAsync(SubscriberId, rule.ContentId)) is { } purchase)
        {
            if (watching && !purchase.Watched)
            {
                await GrainFactory.GetGrain<IPaymentGrain>(purchase.PaymentId).WatchedAsync();
                purchase = purchase with { Watched = true };
            }
            _purchased[rule.ContentId] = purchase;
            return AccessDecision.Granted;
        }
        return AccessDecision.Refused(rule);
    }

    public Task<MemberBadge?> BadgeAsync(Guid creatorId)
    {
        var now = clock.GetUtcNow();
        var tier = _rows.Where(r => r.CreatorId == creatorId && r.EntitledAt(now, Grace)).Select(r => _plans[r.PlanId]).MaxBy(p => p.Rank);
        return Task.FromResult(tier is null ? null : new MemberBadge(tier.Name, tier.Rank));
    }

    public Task<IReadOnlyList<string>> PlatformPerksAsync()
    {
        var now = clock.GetUtcNow();
        return Task.FromResult<IReadOnlyList<string>>([.. _rows.Where(r => r.CreatorId is null && r.EntitledAt(now, Grace)).SelectMany(r => _plans[r.PlanId].Perks).Distinct()]);
    }

    public Task PurchaseChangedAsync(Guid videoId)
    {
        _purchased.Remove(videoId);
        return Task.CompletedTask;
    }
}
