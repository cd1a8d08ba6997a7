using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Interfaces.Posts;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// Who may see one item (key: its id; a video, a post or a live stream): the single writer of its members_only_content
/// row, and the source of its rule (members-only rank, and a video's price its <see cref="IVideoPriceGrain"/> writes) for
/// every host's <see cref="ContentGate"/>, which it tells of each change before acknowledging it. The price is read from
/// its row rather than asked of the price grain: most items asked about (posts, streams, free videos) have none, and
/// the question would activate a price grain for each of them.
/// </summary>
public sealed class ContentAccessGrain(SubscriptionStore store, PaymentStore prices, ContentGate gate, TimeProvider clock) : Grain, IContentAccessGrain
{
    private ContentRule? _rule;

    public async Task<AccessRuleOutcome> SetMembersOnlyAsync(Guid callerId, GatedItemKind kind, int? minRank)
    {
        var id = this.GetPrimaryKey();
        var owner = await OwnerOfAsync(id, kind, callerId);
        if (owner is null) return AccessRuleOutcome.NotFound;
        if (owner != callerId) return AccessRuleOutcome.Forbidden;
        await store.SetMembersOnlyAsync(id, kind, callerId, minRank, clock.GetUtcNow());
        await ChangedAsync();
        return AccessRuleOutcome.Done;
    }

    public async Task<AccessRuleOutcome> PrepareMembersOnlyAsync(Guid creatorId, GatedItemKind kind, int minRank)
    {
        var id = this.GetPrimaryKey();
        if (await OwnerOfAsync(id, kind, creatorId) is not null || (await GetRuleAsync()).OwnerId != Guid.Empty) return AccessRuleOutcome.Forbidden;
        await store.SetMembersOnlyAsync(id, kind, creatorId, minRank, clock.GetUtcNow());
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

    /// <summary>The item's owner, as the item's own grain tells the caller; null when the caller may not see it.</summary>
    private async Task<Guid?> OwnerOfAsync(Guid id, GatedItemKind kind, Guid callerId) => kind switch
    {
        GatedItemKind.Video => (await GrainFactory.GetGrain<IVideoGrain>(id).GetAsync(callerId))?.OwnerId,
        GatedItemKind.Post => (await GrainFactory.GetGrain<IPostGrain>(id).GetAsync(callerId))?.AuthorId,
        GatedItemKind.LiveStream => (await GrainFactory.GetGrain<ILiveStreamGrain>(id).GetAsync(callerId))?.OwnerId,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private async Task<ContentRule> LoadAsync(VideoPrice? knownPrice = null)
    {
        var id = this.GetPrimaryKey();
        var price = knownPrice ?? await prices.PriceAsync(id);
        var members = await store.MembersOnlyAsync(id);
        var owner = members?.CreatorId ?? price?.OwnerId ?? Guid.Empty;
        return new ContentRule(id, owner, members?.MinRank, price);
    }
}
