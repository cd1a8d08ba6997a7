using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Search;

namespace SocialFlow.Grains.Search;

/// <summary>
/// The search index as the indexers write it (<see cref="SearchIndexer"/>, <see cref="VideoSearchIndexer"/>, the
/// rebuild): one document per item, upserted as the item is now or deleted. A call returns once the write is durable
/// in the index, so an event is acknowledged only after its document was written (both implementations group-commit
/// the writes of many callers). The hashtags are counted by the
/// index itself (PostgreSQL: a counter table written with the documents; Elasticsearch: an aggregation), so they are asked here too.
/// Implemented by <see cref="SearchStore"/> (PostgreSQL) and <see cref="Elasticsearch.ElasticSearchIndex"/>.
/// </summary>
public interface ISearchIndex
{
    Task UpsertAsync(SearchDocument document);

    Task DeleteAsync(Guid id);

    /// <summary>Hashtags in use on public, visible items that start with <paramref name="prefix"/>, most used first.</summary>
    Task<HashtagPage> HashtagsAsync(string prefix, PageCursor? after, int limit);
}

/// <summary>One write of the index: the item's document as it is now, or its removal (no document).</summary>
public sealed record IndexWrite(Guid Id, SearchDocument? Document);

/// <summary>
/// Posts, videos and streams found for a viewer, with every visibility rule of <see cref="ISearchGrain"/> (the accounts
/// they block, are blocked by or mute left out too) applied before the page is cut. Implemented by <see cref="ReadModels.SearchResultsReadModel"/> (PostgreSQL) and
/// <see cref="Elasticsearch.ElasticSearchResults"/>.
/// </summary>
public interface ISearchResults
{
    Task<SearchPage> PageAsync(SearchRequest request, Guid? viewerId, PageCursor? after, int limit);
}
