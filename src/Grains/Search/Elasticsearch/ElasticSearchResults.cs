using Elastic.Clients.Elasticsearch;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Search;
using SocialFlow.Grains.ReadModels;
using SearchRequest = SocialFlow.Grains.Interfaces.Search.SearchRequest;
using SearchType = SocialFlow.Grains.Interfaces.Search.SearchType;

namespace SocialFlow.Grains.Search.Elasticsearch;

/// <summary>
/// Posts and videos found in the Elasticsearch index (<see cref="ElasticQuery"/>), then their authors' standing checked
/// against PostgreSQL (<see cref="ElasticSearchReadModel.ShownOwnersAsync"/>: suspended authors, limited ones the
/// viewer does not follow). Hits that fail it are dropped before the page is cut, so the request over-fetches and goes
/// on with search_after until the page is full, the index has no more, or <see cref="MaxRounds"/> requests were made
/// (a page may then be short, its cursor still exact).
/// </summary>
public sealed class ElasticSearchResults(ElasticsearchClient client, IOptions<SearchOptions> options, ElasticSearchReadModel reads) : ISearchResults
{
    public const int MaxRounds = 5;
    private readonly string _index = options.Value.Elastic.Index;

    public async Task<SearchPage> PageAsync(SearchRequest request, Guid? viewerId, PageCursor? after, int limit)
    {
        IReadOnlyCollection<Guid> followed = viewerId is { } viewer ? await reads.FollowedAsync(viewer) : [];
        IReadOnlyCollection<Guid> excludedOwners = viewerId is { } v ? await reads.BlockedOrMutedAsync(v) : [];
        var fetch = 2 * (limit + 1);
        var position = ElasticQuery.After(after, request.Sort);
        var kept = new List<SearchHit>();
        for (var round = 0; round < MaxRounds && kept.Count <= limit; round++)
        {
            var response = await client.SearchAsync<ElasticDocument>(
                ElasticQuery.Content(_index, request, viewerId, followed, excludedOwners, position, fetch));
            if (!response.IsValidResponse) throw SearchIndexException.Of("a search", response);
            var hits = response.Hits.Where(h => h.Source is not null).Select(h => Hit(request.Type, h.Source!, h.Score)).ToList();
            var shown = hits.Count == 0 ? [] : await reads.ShownOwnersAsync([.. hits.Select(h => h.AuthorId).Distinct()], viewerId);
            kept.AddRange(hits.Where(h => shown.Contains(h.AuthorId)).Take(limit + 1 - kept.Count));
            if (response.Hits.Count < fetch || response.Hits.Last().Sort is not { } last) break;
            position = [.. last];
        }
        if (kept.Count <= limit) return new SearchPage(kept, null);
        return new SearchPage(kept[..limit], ElasticQuery.Cursor(kept[limit - 1], request.Sort));
    }

    private static SearchHit Hit(SearchType type, ElasticDocument d, double? score) => new(
        type, Guid.Parse(d.Id), Guid.Parse(d.OwnerId), d.Username, d.Title, Excerpt(d.Body), d.Tags, d.CreatedAt,
        score ?? 0, d.DurationSeconds, d.Views, d.Likes);

    /// <summary>About the first 200 characters, as PostgreSQL's left(body, 200) gives them, never half of a surrogate pair.</summary>
    private static string Excerpt(string body)
    {
        if (body.Length <= 200) return body;
        return char.IsHighSurrogate(body[199]) ? body[..199] : body[..200];
    }
}
