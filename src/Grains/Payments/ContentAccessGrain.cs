using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// Who may see one video (key: its id): the single writer of its members_only_content row, and the source of its rule
/// (members-only rank, and the price its <see cref="IVideoPriceGrain"/> holds) for every host's <see cref="ContentGate"/>,
/// which it tells of each change before acknowledging it.
/// </summary>
public sealed class ContentAccessGrain(SubscriptionStore store, ContentGate gate, TimeProvider clock) : Grain, IContentAccessGrain
{
    private ContentRule? _rule;

    public async Task<AccessRuleOutcome> SetMembersOnlyAsync(Guid callerId, int? minRank)
    {
        var id = this.GetPrimaryKey();
        var video = await GrainFactory.GetGrain<IVideoGrain>(id).GetAsync(callerId);
        if (video is null) return AccessRuleOutcome.NotFound;
        if (video.OwnerId != callerId) return AccessRuleOutcome.Forbidden;
        await store.SetMembersOnlyAsync(id, callerId, minRank, clock.GetUtcNow());
        await ChangedAsync();
        return AccessRuleOutcome.Done;
    }

    public async Task<ContentRule> GetRuleAsync() => _rule ??= await LoadAsync();

    /// <summary>The price comes with the call: the price grain is waiting for this one, and cannot be asked back.</summary>
    public Task PriceChangedAsync(VideoPrice? price) => ChangedAsync(price);

    private async Task ChangedAsync(VideoPrice? price = null)
    {
        _rule = await LoadAsync(price);
        await gate.ChangedAsync(this.GetPrimaryKey());
    }

    private async Task<ContentRule> LoadAsync(VideoPrice? knownPrice = null)
    {
        var id = this.GetPrimaryKey();
        var price = knownPrice ?? await GrainFactory.GetGrain<IVideoPriceGrain>(id).GetAsync();
        var members = await store.MembersOnlyAsync(id);
        var owner = members?.CreatorId ?? price?.OwnerId ?? Guid.Empty;
        return new ContentRule(id, owner, members?.MinRank, price);
    }
}
