namespace SocialFlow.Grains.Interfaces.Moderation;

/// <summary>What can be reported and moderated, and (Appeal) what else a queue item can be: an appeal of a strike.
/// The API spells them in snake_case (live_stream, chat_message). An ad creative enters the queue held, for approval.</summary>
public enum ModerationTargetType { Video, Post, Comment, User, LiveStream, ChatMessage, Appeal, AdCreative }

/// <summary>
/// Whether others may see an item, as moderation decides (its owner always sees it, with the notice): Held waits for a
/// moderator's approval (a watched word asked for it), Removed was taken down.
/// </summary>
public enum ContentStanding { Visible, Held, Removed }

/// <summary>What a moderator does to one item.</summary>
public enum ContentAction { Remove, Restore, MarkSensitive, UnmarkSensitive, Hold, Approve }

/// <summary>
/// An item as moderation sees it: for the queue's snapshot, the admin content list and the reach part of a priority.
/// Title and Text are what the author wrote (a comment, a post or a chat message has Text only); Reach is views for a
/// video, likes for a post or comment, viewers for a live stream, followers for a user.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ModeratedItem(
    [property: Id(0)] ModerationTargetType Type,
    [property: Id(1)] Guid Id,
    [property: Id(2)] Guid OwnerId,
    [property: Id(3)] string? Title,
    [property: Id(4)] string? Text,
    [property: Id(5)] string? ThumbnailUrl,
    [property: Id(6)] ContentStanding Standing,
    [property: Id(7)] bool Sensitive,
    [property: Id(8)] long Reach,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] Guid? ParentId = null);

/// <summary>An account's standing. Limited: left out of discovery (public lists, others' feeds beyond followers,
/// trending, search, recommendations) without being told beyond its strike. Suspended: cannot sign in, every session
/// ended, content and profile hidden from others.</summary>
public enum AccountStanding { Active, Limited, Suspended }

/// <summary>What a moderator does to an account. Warn changes nothing but the strike it leaves.</summary>
public enum AccountAction { Warn, Limit, Unlimit, Suspend, Unsuspend }

/// <summary>An account's standing now; Until is when a limit or suspension ends by itself (null: for good).</summary>
[GenerateSerializer, Immutable]
public sealed record AccountStatus(
    [property: Id(0)] AccountStanding Standing,
    [property: Id(1)] DateTimeOffset? Until,
    [property: Id(2)] DateTimeOffset? LimitedUntil);
