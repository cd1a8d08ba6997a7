using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Content;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Content;

/// <summary>Keyset-paged engagement lists, read where the call lands (stateless worker).</summary>
[StatelessWorker]
public sealed class EngagementQueryGrain(ContentStore store) : Grain, IEngagementQueryGrain
{
    public Task<LikerPage> ListLikersAsync(Guid contentId, PageCursor? after, int limit) =>
        store.LikersPageAsync(contentId, after, PageLimit.Clamp(limit));

    public Task<BookmarkPage> ListBookmarksAsync(Guid userId, PageCursor? after, int limit) =>
        store.BookmarksPageAsync(userId, after, PageLimit.Clamp(limit));
}
