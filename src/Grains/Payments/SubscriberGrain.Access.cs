using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// What the subscriber may see: members-only items of creators whose tier (of the item's rank or above) they hold and
/// are entitled to now; videos they bought (a paid-up purchase not wholly refunded; a yes is remembered until a payment
/// grain says the purchase changed).
/// </summary>
public sealed partial class SubscriberGrain
{
    private readonly HashSet<Guid> _purchased = [];

    public async Task<AccessDecision> AccessAsync(ContentRule rule)
    {
        if (rule.Free) return AccessDecision.Open;
        if (rule.OwnerId == SubscriberId) return AccessDecision.Granted;
        var now = clock.GetUtcNow();
        if (rule.MinRank is { } min && _rows.Any(r => r.CreatorId == rule.OwnerId && r.EntitledAt(now, Grace) && _plans[r.PlanId].Rank >= min))
        {
            return AccessDecision.Granted;
        }
        if (rule.Price is not null && (_purchased.Contains(rule.ContentId) || await store.PurchasedAsync(SubscriberId, rule.ContentId)))
        {
            _purchased.Add(rule.ContentId);
            return AccessDecision.Granted;
        }
        return AccessDecision.Refused(rule);
    }

    public Task PurchaseChangedAsync(Guid videoId)
    {
        _purchased.Remove(videoId);
        return Task.CompletedTask;
    }
}
