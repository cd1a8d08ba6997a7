using Npgsql;
using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Search;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Search;

/// <summary>
/// Searches for a viewer. Posts, videos, streams and hashtags come from the configured index (PostgreSQL or
/// Elasticsearch), accounts always from PostgreSQL's accounts table; each applies every visibility rule itself, the
/// accounts the viewer blocks, is blocked by or mutes included (read with the query, not asked of the viewer's graph
/// grain: activating that grain for a viewer who searches once cost more than the search). Reentrant: a stateless
/// worker is otherwise limited to one request per activation and one activation per core, so two cores would allow
/// two searches at a time per silo, each mostly waiting for PostgreSQL.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class SearchGrain(ISearchResults results, SearchAccountsReadModel accounts, ISearchIndex index) : Grain, ISearchGrain
{
    public Task<SearchPage> SearchAsync(SearchRequest request, Guid? viewerId, PageCursor? after, int limit) =>
        Bounded(results.PageAsync(request, viewerId, after, PageLimit.Clamp(limit)));

    public Task<AccountPage> AccountsAsync(string term, Guid? viewerId, PageCursor? after, int limit) =>
        Bounded(accounts.PageAsync(term, viewerId, after, PageLimit.Clamp(limit)));

    public Task<HashtagPage> HashtagsAsync(string prefix, PageCursor? after, int limit) => Bounded(index.HashtagsAsync(prefix, after, PageLimit.Clamp(limit)));

    public async Task<Suggestions> SuggestAsync(string term, Guid? viewerId, int limit)
    {
        var t = term.Trim();
        var users = t.StartsWith('#') ? Task.FromResult(new AccountPage([], null)) : AccountsAsync(t, viewerId, null, limit);
        var tags = t.StartsWith('@') ? Task.FromResult(new HashtagPage([], null)) : HashtagsAsync(t.TrimStart('#').ToLowerInvariant(), null, limit);
        return new Suggestions((await users).Items, (await tags).Items);
    }

    /// <summary>A statement cancelled by the search pool's statement_timeout is the query's cost, not an outage.</summary>
    private static async Task<T> Bounded<T>(Task<T> search)
    {
        try
        {
            return await search;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled)
        {
            throw new SearchTooBroadException("The search ran past its time limit.");
        }
    }
}
