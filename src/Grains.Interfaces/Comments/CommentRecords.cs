using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Comments;

[GenerateSerializer, Immutable]
public sealed record CommentDraft(
    [property: Id(0)] Guid ItemId,
    [property: Id(1)] ContentKind ItemKind,
    [property: Id(2)] Guid AuthorId,
    [property: Id(3)] Guid? ParentId,
    [property: Id(4)] string Text);

/// <summary>
/// A comment as listed. A deleted comment that still has replies is a tombstone: Deleted is true and the author and text are null.
/// ParentId is where it sits in the thread; InReplyToId is the comment it answered when that one was already at the maximum depth.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CommentView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid ItemId,
    [property: Id(2)] Guid? ParentId,
    [property: Id(3)] Guid? InReplyToId,
    [property: Id(4)] int Depth,
    [property: Id(5)] Guid? AuthorId,
    [property: Id(6)] string? AuthorUsername,
    [property: Id(7)] string? Text,
    [property: Id(8)] bool Deleted,
    [property: Id(9)] int ReplyCount,
    [property: Id(10)] long LikeCount,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] DateTimeOffset? EditedAt,
    [property: Id(13)] bool Sensitive = false,
    [property: Id(14)] Moderation.ModerationNotice? Moderation = null);

public enum CommentStatus { Ok, NotFound, Forbidden, InvalidParent }

[GenerateSerializer, Immutable]
public sealed record CommentResult([property: Id(0)] CommentStatus Status, [property: Id(1)] CommentView? Comment = null);

/// <summary>Null when the item (or the parent comment's item) is not visible to the viewer.</summary>
[GenerateSerializer, Immutable]
public sealed record CommentPage([property: Id(0)] IReadOnlyList<CommentView> Items, [property: Id(1)] PageCursor? Next);
