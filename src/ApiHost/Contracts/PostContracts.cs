using System.Text.Json.Serialization;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.ApiHost.Contracts;

public static class PostRules
{
    public const int MaxTextLength = 5000;
    public const int MaxImages = 4;
    public static readonly string[] Visibilities = ["public", "followers", "private"];

    public static Visibility ParseVisibility(string value) => Enum.Parse<Visibility>(value, ignoreCase: true);
}

/// <summary>members_only: only members of the author's tiers from min_rank (default 1) see it (PUT /posts/{id}/access changes it).</summary>
public sealed record CreatePostRequest(string? Text, string? Visibility, IReadOnlyList<Guid>? MediaIds, bool? MembersOnly = null, int? MinRank = null) : IValidatable
{
    [JsonIgnore]
    public int? MembersOnlyRank => MembersOnly == true ? MinRank ?? 1 : null;

    public void Validate(FieldErrors errors)
    {
        if (MinRank is < 1 or > 100) errors.Add("min_rank", "must be from 1 to 100");
        if (MembersOnly != true && MinRank is not null) errors.Add("min_rank", "only with members_only true");
        if (string.IsNullOrWhiteSpace(Text) && MediaIds is not { Count: > 0 }) errors.Add("text", "is required unless the post has images");
        errors.MaxLength("text", Text, PostRules.MaxTextLength);
        if (Visibility is not null) errors.OneOf("visibility", Visibility, PostRules.Visibilities);
        if (MediaIds is { Count: > PostRules.MaxImages }) errors.Add("media_ids", $"at most {PostRules.MaxImages} images");
        if (MediaIds is not null && MediaIds.Distinct().Count() != MediaIds.Count) errors.Add("media_ids", "must not repeat an image");
    }

    public PostDraft ToDraft() => new(Text ?? "", PostRules.ParseVisibility(Visibility ?? "public"), MediaIds ?? []);
}

/// <summary>Only the text and the visibility can change.</summary>
public sealed record UpdatePostRequest(string? Text, string? Visibility) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Text is null && Visibility is null) errors.Add("text", "give text or visibility to change");
        if (Text is not null) errors.Required("text", Text, PostRules.MaxTextLength);
        if (Visibility is not null) errors.OneOf("visibility", Visibility, PostRules.Visibilities);
    }

    public PostPatch ToPatch() => new(Text, Visibility is null ? null : PostRules.ParseVisibility(Visibility));
}

public sealed record UserRef(Guid Id, string Username);

public sealed record PostImageResponse(Guid Id, int Width, int Height, string ContentType, string Url)
{
    public static string UrlOf(Guid id) => $"/api/v1/posts/media/{id}";
}

public sealed record PostResponse(
    Guid Id, UserRef Author, string Text, string Visibility, IReadOnlyList<string> Hashtags, IReadOnlyList<UserRef> Mentions,
    IReadOnlyList<PostImageResponse> Media, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt,
    long LikeCount, long CommentCount, long BookmarkCount, bool Liked, bool Bookmarked, bool Sensitive,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ModerationNoticeDto? Moderation = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AccessLockResponse? Locked = null)
{
    /// <summary>A members-only post as a list shows it to someone it is not for: who wrote it and when, not what.</summary>
    public PostResponse LockedBy(AccessDecision refusal) => this with { Text = "", Media = [], Mentions = [], Locked = AccessLockResponse.From(refusal) };

    public static PostResponse From(PostSnapshot p, ContentCounts counts, ViewerState? viewer) => new(
        p.Id, new UserRef(p.AuthorId, p.AuthorUsername), p.Text, p.Visibility.ToString().ToLowerInvariant(), p.Hashtags,
        p.Mentions.Select(m => new UserRef(m.UserId, m.Username)).ToList(),
        p.Media.Select(m => new PostImageResponse(m.Id, m.Width, m.Height, m.ContentType, PostImageResponse.UrlOf(m.Id))).ToList(),
        p.CreatedAt, p.EditedAt, counts.Likes, counts.Comments, counts.Bookmarks, viewer?.Liked ?? false, viewer?.Bookmarked ?? false,
        p.Sensitive, ModerationNoticeDto.From(p.Moderation));
}
