using SocialFlow.Grains.Interfaces.Search;

namespace SocialFlow.ApiHost.Contracts;

public sealed record SearchAuthorResponse(Guid Id, string Username);

/// <summary>One search result: `type` (post, video), its id, author, title (videos), the start of its text (a video's
/// description), tags, time, score, a video's length, and the view and like counts.</summary>
public sealed record SearchHitResponse(
    SearchType Type, Guid Id, SearchAuthorResponse Author, string? Title, string Excerpt, IReadOnlyList<string> Tags, DateTimeOffset CreatedAt,
    double Score, double? DurationSeconds, long ViewCount, long LikeCount)
{
    public static SearchHitResponse From(SearchHit h) =>
        new(h.Type, h.Id, new SearchAuthorResponse(h.AuthorId, h.AuthorUsername), h.Title, h.Excerpt, h.Tags, h.CreatedAt, h.Score,
            h.DurationSeconds, h.Views, h.Likes);
}

/// <summary>An account found by name: `type` user.</summary>
public sealed record UserHitResponse(SearchType Type, Guid Id, string Username, string? DisplayName, double Score)
{
    public static UserHitResponse From(AccountHit h) => new(SearchType.User, h.Id, h.Username, h.DisplayName, h.Score);
}

/// <summary>A hashtag and how many findable posts carry it: `type` hashtag.</summary>
public sealed record HashtagHitResponse(SearchType Type, string Tag, int Uses)
{
    public static HashtagHitResponse From(HashtagHit h) => new(SearchType.Hashtag, h.Tag, h.Uses);
}

public sealed record SuggestionsResponse(IReadOnlyList<UserHitResponse> Users, IReadOnlyList<HashtagHitResponse> Hashtags);
