using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Posts;

/// <summary>
/// One post, keyed by its id (a UUIDv7 the API makes). The single writer of its rows: the post, its hashtags and
/// mentions, and the attachment of its images. Registers the post with its content grain for engagement.
/// Callers pass the user id from the access token; moderator rights come from the token's roles.
/// </summary>
public interface IPostGrain : IGrainWithGuidKey
{
    /// <summary>Creates the post with the author's previously uploaded, unattached images (at most 4), all in one transaction.</summary>
    Task<PostResult> CreateAsync(Guid authorId, PostDraft draft);

    /// <summary>The post, or null when it does not exist, was deleted, or the viewer may not see it.</summary>
    [Orleans.Concurrency.ReadOnly] Task<PostSnapshot?> GetAsync(Guid? viewerId);

    /// <summary>Public posts: anyone; followers-only: the author's followers; private: the author; never someone the author blocks or is blocked by.</summary>
    [Orleans.Concurrency.ReadOnly] Task<bool> CanViewAsync(Guid? viewerId);

    /// <summary>Author only: NotFound when the caller may not see the post, Forbidden when they may but it is not theirs.</summary>
    Task<PostResult> UpdateAsync(Guid callerId, PostPatch patch);

    /// <summary>The author or a moderator. Clears the text, hashtags, mentions and images; the id stays a tombstone.</summary>
    Task<PostStatus> DeleteAsync(Guid callerId, bool isModerator);

    /// <summary>A moderator's action (authorized by the caller), audited in its transaction; null when there is no such post.
    /// An action that changes nothing returns the item as it is and writes nothing.</summary>
    Task<ModeratedItem?> ModerateAsync(ContentAction action, AuditActor by, string reason);

    /// <summary>The post as moderation sees it, whoever may see it; null when it does not exist or was deleted.</summary>
    [Orleans.Concurrency.ReadOnly] Task<ModeratedItem?> GetModeratedItemAsync();
}

/// <summary>Lists of post ids for paging. Stateless; reads PostgreSQL.</summary>
public interface IPostDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>The author's posts that the viewer may see, newest first, before the cursor id.</summary>
    Task<PostIdPage> ListByAuthorAsync(Guid authorId, Guid? viewerId, PageCursor? before, int limit);

    /// <summary>Public posts carrying the (normalised) hashtag, newest first.</summary>
    Task<PostIdPage> ListByHashtagAsync(string tag, PageCursor? before, int limit);
}
