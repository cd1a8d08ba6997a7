using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Posts;

/// <summary>What a user asks to publish. Text limits and the media count are checked by the API; the grain re-checks ownership of media.</summary>
[GenerateSerializer, Immutable]
public sealed record PostDraft(
    [property: Id(0)] string Text,
    [property: Id(1)] Visibility Visibility,
    [property: Id(2)] IReadOnlyList<Guid> MediaIds);

/// <summary>Null fields are left as they are.</summary>
[GenerateSerializer, Immutable]
public sealed record PostPatch(
    [property: Id(0)] string? Text,
    [property: Id(1)] Visibility? Visibility);

[GenerateSerializer, Immutable]
public sealed record PostMention([property: Id(0)] Guid UserId, [property: Id(1)] string Username);

[GenerateSerializer, Immutable]
public sealed record PostImage(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string ContentType,
    [property: Id(2)] int Width,
    [property: Id(3)] int Height);

/// <summary>A post as a permitted viewer sees it (counts come from the content grain).</summary>
[GenerateSerializer, Immutable]
public sealed record PostSnapshot(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid AuthorId,
    [property: Id(2)] string AuthorUsername,
    [property: Id(3)] string Text,
    [property: Id(4)] Visibility Visibility,
    [property: Id(5)] IReadOnlyList<string> Hashtags,
    [property: Id(6)] IReadOnlyList<PostMention> Mentions,
    [property: Id(7)] IReadOnlyList<PostImage> Media,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset? EditedAt,
    [property: Id(10)] bool Sensitive = false,
    [property: Id(11)] Moderation.ModerationNotice? Moderation = null);

public enum PostStatus { Ok, NotFound, Forbidden, AlreadyExists, MediaUnavailable }

[GenerateSerializer, Immutable]
public sealed record PostResult([property: Id(0)] PostStatus Status, [property: Id(1)] PostSnapshot? Post = null);

/// <summary>One page of post ids, newest first, already filtered to what the viewer may see.</summary>
[GenerateSerializer, Immutable]
public sealed record PostIdPage([property: Id(0)] IReadOnlyList<Guid> Ids, [property: Id(1)] PageCursor? Next);
