using System.Text.Json.Serialization;
using SocialFlow.Grains.Interfaces.Search;

namespace SocialFlow.ApiHost.Contracts;

public sealed record SearchAuthorResponse(Guid Id, string Username);

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

/// <summary>
/// One item of `GET /search` and its aliases, whatever was searched, so that one documented shape serves every `type`:
/// posts and videos carry `id`, `author`, `title` (videos), `excerpt`, `tags`, `created_at`, `score`, `duration_seconds`
/// (videos), `view_count`, `like_count`; accounts `id`, `username`, `display_name`, `score`; hashtags `tag`, `uses`.
/// Fields a type does not have are left out.
/// </summary>
public sealed record SearchItemResponse(
    SearchType Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? Id = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SearchAuthorResponse? Author = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Excerpt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Tags = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? CreatedAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Score = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? DurationSeconds = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ViewCount = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? LikeCount = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Username = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DisplayName = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Tag = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Uses = null)
{
    public static SearchItemResponse From(SearchHit h) => new(h.Type, h.Id, new SearchAuthorResponse(h.AuthorId, h.AuthorUsername), h.Title,
        h.Excerpt, h.Tags, h.CreatedAt, h.Score, h.DurationSeconds, h.Views, h.Likes);

    public static SearchItemResponse From(AccountHit h) => new(SearchType.User, h.Id, Score: h.Score, Username: h.Username, DisplayName: h.DisplayName);

    public static SearchItemResponse From(HashtagHit h) => new(SearchType.Hashtag, Tag: h.Tag, Uses: h.Uses);
}
