using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Search;

/// <summary>What a search looks for (live: streams on air now).</summary>
public enum SearchType { Post, User, Hashtag, Video, Live }

/// <summary>Relevance: text rank blended with recency (see SearchResultsReadModel); newest: creation time; views,
/// likes: the counts now.</summary>
public enum SearchSort { Relevance, Newest, Views, Likes }

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
    [property: Id(6)] DateTimeOffset? To = null,
    [property: Id(7)] double? MinDuration = null,
    [property: Id(8)] double? MaxDuration = null);

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
    [property: Id(8)] double Score,
    [property: Id(9)] double? DurationSeconds = null,
    [property: Id(10)] long Views = 0,
    [property: Id(11)] long Likes = 0);

[GenerateSerializer, Immutable]
public sealed record SearchPage([property: Id(0)] IReadOnlyList<SearchHit> Items, [property: Id(1)] PageCursor? Next);

/// <summary>An account found by its username or display name.</summary>
[GenerateSerializer, Immutable]
public sealed record AccountHit([property: Id(0)] Guid Id, [property: Id(1)] string Username, [property: Id(2)] string? DisplayName, [property: Id(3)] double Score);

[GenerateSerializer, Immutable]
public sealed record AccountPage([property: Id(0)] IReadOnlyList<AccountHit> Items, [property: Id(1)] PageCursor? Next);

/// <summary>A hashtag and how many findable posts carry it.</summary>
[GenerateSerializer, Immutable]
public sealed record HashtagHit([property: Id(0)] string Tag, [property: Id(1)] int Uses);

[GenerateSerializer, Immutable]
public sealed record HashtagPage([property: Id(0)] IReadOnlyList<HashtagHit> Items, [property: Id(1)] PageCursor? Next);

/// <summary>What a search box offers while someone types: accounts (name prefixes first, then near misses) and hashtags (prefix, most used first).</summary>
[GenerateSerializer, Immutable]
public sealed record Suggestions([property: Id(0)] IReadOnlyList<AccountHit> Users, [property: Id(1)] IReadOnlyList<HashtagHit> Hashtags);

/// <summary>
/// Searches (stateless, key 0) what <paramref name="viewerId"/> may see: public items, their own, followers-only items
/// of accounts they follow; never hidden (held, removed) items, suspended authors, blocked or muted accounts, nor
/// limited authors they do not follow.
/// </summary>
public interface ISearchGrain : IGrainWithIntegerKey
{
    Task<SearchPage> SearchAsync(SearchRequest request, Guid? viewerId, PageCursor? after, int limit);

    /// <summary>Accounts whose username or display name holds <paramref name="term"/> (or nearly: trigram similarity),
    /// exact and prefix matches first; never suspended, blocked or muted accounts, nor limited ones the viewer does not follow.</summary>
    Task<AccountPage> AccountsAsync(string term, Guid? viewerId, PageCursor? after, int limit);

    /// <summary>Hashtags starting with <paramref name="prefix"/> (lower case, no '#'), most used first.</summary>
    Task<HashtagPage> HashtagsAsync(string prefix, PageCursor? after, int limit);

    /// <summary>Up to <paramref name="limit"/> accounts and hashtags for a search box: a '#' asks for hashtags only, an '@' for accounts only.</summary>
    Task<Suggestions> SuggestAsync(string term, Guid? viewerId, int limit);
}

/// <summary>Where a kind's rebuild stands: items visited so far, of about how many, whether it reached the end, and how
/// many items of this batch could not be indexed (each logged; the rebuild goes on).</summary>
[GenerateSerializer, Immutable]
public sealed record RebuildProgress(
    [property: Id(0)] SearchType Kind, [property: Id(1)] long Indexed, [property: Id(2)] long Total, [property: Id(3)] bool Done, [property: Id(4)] int Failed = 0);

/// <summary>
/// Rebuilds the search index from the items' own tables (key 0), one batch per call, so the caller shows progress and
/// an interruption loses at most a batch: each batch records the last item it indexed, and the next call resumes
/// there. Restart begins the kind again from its first item. Live indexing goes on meanwhile; both write an item as it
/// is now, so they never disagree.
/// </summary>
public interface ISearchRebuildGrain : IGrainWithIntegerKey
{
    Task<RebuildProgress> RebuildBatchAsync(SearchType kind, bool restart, int batchSize);
}

/// <summary>
/// A search's statement ran longer than SocialFlow:Search:StatementTimeout and was cancelled: every search is bounded
/// in time (a phrase of very common words rechecks positions along the recency walk). The API answers 422
/// search_too_broad, asking for a narrower query.
/// </summary>
[GenerateSerializer]
public sealed class SearchTooBroadException : Exception
{
    public SearchTooBroadException() { }
    public SearchTooBroadException(string message) : base(message) { }
    public SearchTooBroadException(string message, Exception inner) : base(message, inner) { }
}
