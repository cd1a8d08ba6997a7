using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Search;

/// <summary>What a search looks for. Posts first; videos, accounts, hashtags and live streams join as they are indexed.</summary>
public enum SearchType { Post }

/// <summary>Relevance: text rank blended with recency (see SearchResultsReadModel); newest: creation time.</summary>
public enum SearchSort { Relevance, Newest }

/// <summary>
/// A parsed search (<see cref="SearchQuery.TryParse"/>): Text goes to PostgreSQL's websearch syntax (words, "phrases",
/// -excluded, OR); Hashtags must all be on the item; Usernames restrict the author (any of them). Text may be empty
/// when hashtags or usernames alone were asked for.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SearchRequest(
    [property: Id(0)] string Text,
    [property: Id(1)] IReadOnlyList<string> Hashtags,
    [property: Id(2)] IReadOnlyList<string> Usernames,
    [property: Id(3)] SearchType Type,
    [property: Id(4)] SearchSort Sort,
    [property: Id(5)] DateTimeOffset? From = null,
    [property: Id(6)] DateTimeOffset? To = null);

/// <summary>One found item: its kind and id, author, title (videos, live streams), the start of its text, tags, and score.</summary>
[GenerateSerializer, Immutable]
public sealed record SearchHit(
    [property: Id(0)] SearchType Type,
    [property: Id(1)] Guid Id,
    [property: Id(2)] Guid AuthorId,
    [property: Id(3)] string AuthorUsername,
    [property: Id(4)] string? Title,
    [property: Id(5)] string Excerpt,
    [property: Id(6)] IReadOnlyList<string> Tags,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] double Score);

[GenerateSerializer, Immutable]
public sealed record SearchPage([property: Id(0)] IReadOnlyList<SearchHit> Items, [property: Id(1)] PageCursor? Next);

/// <summary>
/// Searches (stateless, key 0) what <paramref name="viewerId"/> may see: public items, their own, followers-only items
/// of accounts they follow; never hidden (held, removed) items, suspended authors, blocked or muted accounts, nor
/// limited authors they do not follow.
/// </summary>
public interface ISearchGrain : IGrainWithIntegerKey
{
    Task<SearchPage> SearchAsync(SearchRequest request, Guid? viewerId, PageCursor? after, int limit);
}
