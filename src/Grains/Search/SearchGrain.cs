using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Search;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Search;

/// <summary>Searches for a viewer: the accounts they block, are blocked by or mute are left out in the query. Posts, videos and
/// hashtags come from the configured index (PostgreSQL or Elasticsearch); accounts always from PostgreSQL's accounts table.</summary>
[StatelessWorker]
public sealed class SearchGrain(ISearchResults results, SearchAccountsReadModel accounts, ISearchIndex index) : Grain, ISearchGrain
{
    public async Task<SearchPage> SearchAsync(SearchRequest request, Guid? viewerId, PageCursor? after, int limit) =>
        await results.PageAsync(request, viewerId, await ExcludedAsync(viewerId), after, PageLimit.Clamp(limit));

    public async Task<AccountPage> AccountsAsync(string term, Guid? viewerId, PageCursor? after, int limit) =>
        await accounts.PageAsync(term, viewerId, await ExcludedAsync(viewerId), after, PageLimit.Clamp(limit));

    public Task<HashtagPage> HashtagsAsync(string prefix, PageCursor? after, int limit) => index.HashtagsAsync(prefix, after, PageLimit.Clamp(limit));

    public async Task<Suggestions> SuggestAsync(string term, Guid? viewerId, int limit)
    {
        var t = term.Trim();
        var users = t.StartsWith('#') ? Task.FromResult(new AccountPage([], null)) : AccountsAsync(t, viewerId, null, limit);
        var tags = t.StartsWith('@') ? Task.FromResult(new HashtagPage([], null)) : HashtagsAsync(t.TrimStart('#').ToLowerInvariant(), null, limit);
        return new Suggestions((await users).Items, (await tags).Items);
    }

    private async Task<IReadOnlyCollection<Guid>> ExcludedAsync(Guid? viewerId)
    {
        if (viewerId is not { } viewer) return [];
        var graph = GrainFactory.Ref<ISocialGraphGrain>(viewer);
        var (blocked, muted) = (graph.GetBlockedEitherWayAsync(), graph.GetMutedAsync());
        return [.. await blocked, .. await muted];
    }
}
