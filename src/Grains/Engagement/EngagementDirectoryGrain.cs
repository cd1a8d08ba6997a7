using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Engagement;

/// <summary>Keyset-paged engagement lists, read where the call lands (stateless worker).</summary>
[StatelessWorker]
[Reentrant]
public sealed class EngagementDirectoryGrain(ContentStore store) : Grain, IEngagementDirectoryGrain
{
    public Task<LikerPage> ListLikersAsync(Guid contentId, PageCursor? after, int limit) =>
        store.LikersPageAsync(contentId, after, PageLimit.Clamp(limit));

    public Task<BookmarkPage> ListBookmarksAsync(Guid userId, PageCursor? after, int limit) =>
        store.BookmarksPageAsync(userId, after, PageLimit.Clamp(limit));
}
