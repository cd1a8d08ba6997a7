using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Search;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Search;

/// <summary>Searches for a viewer: the accounts they block, are blocked by or mute are left out in the statement.</summary>
[StatelessWorker]
public sealed class SearchGrain(SearchResultsReadModel results) : Grain, ISearchGrain
{
    public async Task<SearchPage> SearchAsync(SearchRequest request, Guid? viewerId, PageCursor? after, int limit)
    {
        IReadOnlyCollection<Guid> excluded = [];
        if (viewerId is { } viewer)
        {
            var graph = GrainFactory.Ref<ISocialGraphGrain>(viewer);
            var (blocked, muted) = (graph.GetBlockedEitherWayAsync(), graph.GetMutedAsync());
            excluded = [.. await blocked, .. await muted];
        }
        return await results.PageAsync(request, viewerId, excluded, after, PageLimit.Clamp(limit));
    }
}
