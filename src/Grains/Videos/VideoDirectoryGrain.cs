using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Videos;

/// <summary>Keyset-paged reads of the videos table. Stateless: any silo answers, locally.</summary>
[StatelessWorker]
[Reentrant]
public sealed class VideoDirectoryGrain(VideoStore store) : Grain, IVideoDirectoryGrain
{
    public Task<VideoPage> FeedAsync(PageCursor? after, int limit) => store.FeedPageAsync(after, PageLimit.Clamp(limit));

    public Task<VideoPage> ByOwnerAsync(Guid ownerId, bool includeAll, PageCursor? after, int limit) =>
        store.OwnerPageAsync(ownerId, includeAll, after, PageLimit.Clamp(limit));
}
