using System.Text.Json.Serialization;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Trending;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>
/// One item of `GET /trending/videos|posts|hashtags` (and `/search/trending`, `/ml/trending`), one shape whatever the
/// kind: videos and posts carry `id`, `author`, `title` (videos), `excerpt` (posts), `tags` (posts), `created_at`,
/// `score`, `duration_seconds` (videos), `view_count`, `like_count`; hashtags `tag`, `score`, `accounts` (distinct
/// accounts using it in the window) and `usual` (its usual level for a window that long). On `/ml/trending`, an item the
/// viral model predicts will trend also has `predicted: true` and its `probability`. Absent fields are left out.
/// </summary>
public sealed record TrendingItemResponse(
    TrendingKind Type,
    double Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? Id = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SearchAuthorResponse? Author = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Excerpt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Tags = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? CreatedAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? DurationSeconds = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ViewCount = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? LikeCount = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Tag = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Accounts = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Usual = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Predicted = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Probability = null)
{
    public static TrendingItemResponse From(TrendingItem i) => new(i.Kind, i.Score, i.Id, new SearchAuthorResponse(i.AuthorId, i.AuthorUsername),
        i.Title, i.Excerpt, i.Kind == TrendingKind.Post ? i.Tags : null, i.CreatedAt, i.DurationSeconds, i.Views, i.Likes,
        Predicted: i.Probability is null ? null : true, Probability: i.Probability);

    public static TrendingItemResponse From(TrendingHashtag h) => new(TrendingKind.Hashtag, h.Score, Tag: h.Tag, Accounts: h.Accounts, Usual: h.Usual);
}

/// <summary>`POST /admin/trends/{kind}/{id}/hide|unhide` body (optional): why, kept in the audit log.</summary>
public sealed record TrendHideRequest(string? Reason) : IValidatable
{
    public const int MaxReason = 500;

    public void Validate(FieldErrors errors) => errors.MaxLength("reason", Reason, MaxReason);
}

/// <summary>Whether the item is now hidden from trending, and whether this call changed that.</summary>
public sealed record TrendHideResponse(string Kind, string Id, bool Hidden, bool Changed);
