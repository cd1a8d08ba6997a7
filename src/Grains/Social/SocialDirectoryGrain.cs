using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Social;

namespace SocialFlow.Grains.Social;

/// <summary>Keyset pages of the graph's edges, newest first, read where the call lands (stateless worker).</summary>
[StatelessWorker]
[Reentrant]
public sealed class SocialDirectoryGrain(GraphStore store) : Grain, ISocialDirectoryGrain
{
    public Task<GraphPage> FollowersAsync(Guid userId, PageCursor? after, int limit) => store.FollowersPageAsync(userId, after, PageLimit.Clamp(limit));

    public Task<GraphPage> FollowingAsync(Guid userId, PageCursor? after, int limit) => store.FollowingPageAsync(userId, after, PageLimit.Clamp(limit));

    public Task<GraphPage> FollowRequestsAsync(Guid targetId, PageCursor? after, int limit) =>
        store.FollowRequestsPageAsync(targetId, after, PageLimit.Clamp(limit));

    public Task<GraphPage> BlocksAsync(Guid blockerId, PageCursor? after, int limit) => store.BlocksPageAsync(blockerId, after, PageLimit.Clamp(limit));

    public Task<GraphPage> MutesAsync(Guid muterId, PageCursor? after, int limit) => store.MutesPageAsync(muterId, after, PageLimit.Clamp(limit));
}
