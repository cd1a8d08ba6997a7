using System.Text.Json.Serialization;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Comments;

namespace SocialFlow.ApiHost.Contracts;

public static class CommentRules
{
    public const int MaxTextLength = 2000;
}

public sealed record CreateCommentRequest(string? Text, Guid? ParentId) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Required("text", Text, CommentRules.MaxTextLength);
}

public sealed record EditCommentRequest(string? Text) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Required("text", Text, CommentRules.MaxTextLength);
}

/// <summary>A tombstone (deleted, still holding replies) has no author and no text.</summary>
public sealed record CommentResponse(
    Guid Id, Guid ItemId, Guid? ParentId, Guid? InReplyToId, int Depth, UserRef? Author, string? Text, bool Deleted,
    int ReplyCount, long LikeCount, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, bool Sensitive,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ModerationNoticeDto? Moderation = null)
{
    public static CommentResponse From(CommentView c) => new(
        c.Id, c.ItemId, c.ParentId, c.InReplyToId, c.Depth,
        c.AuthorId is { } author ? new UserRef(author, c.AuthorUsername!) : null,
        c.Text, c.Deleted, c.ReplyCount, c.LikeCount, c.CreatedAt, c.EditedAt, c.Sensitive, ModerationNoticeDto.From(c.Moderation));
}
