using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Comments;

/// <summary>
/// Comments on videos and posts. Stateless: every write is one PostgreSQL transaction that also moves the item's
/// content_counters.comments, and returns only after it committed; the item's content grain is told afterwards.
/// Replies nest up to <see cref="MaxDepth"/> (0 = top level); a reply to a comment at the maximum depth becomes its sibling.
/// </summary>
public interface ICommentsGrain : IGrainWithIntegerKey
{
    public const int MaxDepth = 2;

    /// <summary>NotFound when the item does not exist or the author may not see it; InvalidParent when the parent is not a comment on that item.</summary>
    Task<CommentResult> AddAsync(CommentDraft draft);

    /// <summary>Author only (Forbidden for others who can see it; NotFound for those who cannot).</summary>
    Task<CommentResult> EditAsync(Guid commentId, Guid callerId, string text);

    /// <summary>The author, the item's owner, or a moderator.</summary>
    Task<CommentStatus> DeleteAsync(Guid commentId, Guid callerId, bool isModerator);

    /// <summary>Top-level comments, newest first; null when the item is not visible to the viewer.</summary>
    Task<CommentPage?> ListAsync(Guid itemId, Engagement.ContentKind itemKind, Guid? viewerId, PageCursor? before, int limit);

    /// <summary>Direct replies, oldest first; null when the comment or its item is not visible to the viewer.</summary>
    Task<CommentPage?> ListRepliesAsync(Guid commentId, Guid? viewerId, PageCursor? after, int limit);

    /// <summary>One comment; null when it does not exist, was deleted, or the viewer may not see it (or its item).</summary>
    Task<CommentView?> GetAsync(Guid commentId, Guid? viewerId);

    /// <summary>A moderator's action (authorized by the caller), audited in its transaction; null when there is no such comment.
    /// An action that changes nothing returns the item as it is and writes nothing.</summary>
    Task<ModeratedItem?> ModerateAsync(Guid commentId, ContentAction action, AuditActor by, string reason);

    /// <summary>The comment as moderation sees it (ParentId: the item it is on); null when it does not exist or was deleted.</summary>
    Task<ModeratedItem?> GetModeratedItemAsync(Guid commentId);
}
