using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Social;

namespace SocialFlow.Grains.Feeds;

/// <summary>
/// Everything feeds ask of the social graph: blocks, mutes and counts from the users' graph grains (held in memory
/// there), follow edges and pages from the graph's store (unbounded lists, read through methods named for the read).
/// </summary>
public sealed class FeedGraph(GraphStore social, IGrainFactory grains)
{
    /// <summary>Accounts whose items the viewer must not see: blocked either way, or muted by the viewer.</summary>
    public async Task<HashSet<Guid>> HiddenAuthorsAsync(Guid viewerId) => [.. await grains.Ref<ISocialGraphGrain>(viewerId).GetHiddenAuthorsAsync()];

    /// <summary>Accounts the viewer follows that have more than <paramref name="threshold"/> followers (pulled at read time).</summary>
    public Task<List<Guid>> FolloweesAboveAsync(Guid viewerId, long threshold) => social.FolloweesAboveAsync(viewerId, threshold);

    public Task<Guid[]> FolloweesAsync(Guid userId) => social.FolloweesAsync(userId);

    /// <summary>The exact follower count the graph keeps with every edge change.</summary>
    public async Task<long> FollowerCountAsync(Guid userId) => (await grains.Ref<ISocialGraphGrain>(userId).GetCountsAsync()).Followers;

    /// <summary>One page of the author's followers, newest edge first, after the cursor.</summary>
    public Task<(Guid[] Ids, PageCursor? Next)> FollowersPageAsync(Guid authorId, PageCursor? after, int limit) =>
        social.FollowerIdsPageAsync(authorId, after, limit);

    public Task<bool> FollowsAsync(Guid followerId, Guid followeeId) => social.FollowsAsync(followerId, followeeId);

    public async Task<bool> BlockedEitherWayAsync(Guid a, Guid b) => (await grains.Ref<ISocialGraphGrain>(a).GetBlockedEitherWayAsync()).Contains(b);

    public Task<bool> MutesAsync(Guid muterId, Guid mutedId) => grains.Ref<ISocialGraphGrain>(muterId).MutesAsync(mutedId);
}
