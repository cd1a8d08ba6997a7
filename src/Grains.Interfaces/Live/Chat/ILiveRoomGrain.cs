using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Live.Chat;

/// <summary>
/// The chat room and audience of one live stream, keyed by the stream id: the last messages, the chat settings,
/// moderators, bans and time-outs, per-user send rates and viewer presence. Messages are in PostgreSQL before a send
/// is answered; API hosts' observers receive them in batches a few milliseconds apart. Refusals are answered, not
/// thrown, as a <see cref="ChatRefused"/> whose code is stable (the hub's and the API's error code).
/// </summary>
public interface ILiveRoomGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Adds <paramref name="presenceId"/> (a SignalR connection, or one HTTP viewer) to the audience for a presence
    /// timeout, and registers <paramref name="observer"/> (the caller's host) for the room's pushes.
    /// </summary>
    Task<JoinOutcome> JoinAsync(Guid userId, string presenceId, ILiveRoomObserver? observer);

    /// <summary>
    /// Removes the user's <paramref name="presenceId"/> from the audience; refused as not found (after the removal) when
    /// the user may not see the stream, like every other call about it.
    /// </summary>
    Task<ChatRefused?> LeaveAsync(Guid userId, string presenceId);

    /// <summary>A host renews its observer and its connections' presence; what is not renewed within the timeout drops.</summary>
    Task RenewAsync(ILiveRoomObserver observer, IReadOnlyList<PresenceLease> presences);

    Task UnwatchAsync(ILiveRoomObserver observer);

    /// <summary>Stores and delivers a message (trimmed); the answer comes after it committed.</summary>
    Task<SendOutcome> SendAsync(Guid userId, string? text);

    /// <summary>
    /// An API host delivers this room's messages later than its limit: the room refuses sends (slow_down; owner and
    /// moderators exempt) for <paramref name="retryAfter"/>, so the backlog drains instead of growing.
    /// </summary>
    [OneWay] Task SlowDownAsync(TimeSpan retryAfter);

    /// <summary>The persisted messages, oldest first, without deleted ones; null when the viewer may not see the stream; a
    /// page with only a refusal (membership_required) when it is members-only and the viewer not a member.</summary>
    Task<ChatPage?> ReplayAsync(Guid? viewerId, PageCursor? after, int limit);

    /// <summary>Owner and moderators.</summary>
    Task<ChatRefused?> SetSettingsAsync(Guid actorId, ChatSettings settings);

    /// <summary>Owner only.</summary>
    Task<ChatRefused?> SetModeratorAsync(Guid actorId, Guid targetId, bool moderator);

    /// <summary>Null when the user is the streamer or one of their moderators; else the refusal any moderator action would get.</summary>
    Task<ChatRefused?> CheckModeratorAsync(Guid actorId);

    /// <summary>Owner and moderators: the message is marked deleted (kept for moderation), no longer shown or replayed.</summary>
    Task<ChatRefused?> DeleteMessageAsync(Guid actorId, Guid messageId);

    /// <summary>Owner and moderators; a moderator cannot time out or ban the owner or another moderator.</summary>
    Task<ChatRefused?> TimeOutAsync(Guid actorId, Guid targetId, TimeSpan duration);

    /// <summary>The target leaves the room at once and cannot join or send until unbanned.</summary>
    Task<ChatRefused?> BanAsync(Guid actorId, Guid targetId);

    Task<ChatRefused?> UnbanAsync(Guid actorId, Guid targetId);

    /// <summary>
    /// Before a tip with a message is charged (its payment's grain asks): the buyer may chat here now and the streamer is
    /// <paramref name="recipientId"/>; the message (trimmed, checked as a send) is kept under the payment's id until the
    /// payment is paid. Null when accepted.
    /// </summary>
    Task<ChatRefused?> PrepareTipAsync(Guid paymentId, Guid buyerId, Guid recipientId, string? text);

    /// <summary>
    /// The tip was paid (told by the payments' paid event, at least once): its message is stored (id: the payment's)
    /// highlighted with its amount, pinned for a time that grows with it, and delivered. Once per payment however often
    /// it is told: the answer is the message when this call posted it, else null.
    /// </summary>
    Task<ChatMessage?> PostTipAsync(Guid paymentId, long amount, string currency);

    /// <summary>The stream's access rule changed: present viewers who may no longer see it leave the room (told "membership_required").</summary>
    Task AccessChangedAsync();

    /// <summary>Current and peak viewers, from memory (for the stream's GET).</summary>
    [AlwaysInterleave] Task<ViewerCounts> GetViewersAsync();

    /// <summary>Viewer and chat figures for analytics; null when the stream does not exist.</summary>
    Task<RoomStats?> GetStatsAsync();

    /// <summary>
    /// Told by the stream's grain when its state changed (it went live or ended); the room re-reads the row. Once
    /// ended, chat closes, viewers are told and the figures are saved.
    /// </summary>
    Task StreamChangedAsync();

    /// <summary>
    /// A moderator's action on one message of this room (authorized by the caller), audited in its transaction: Remove is
    /// the room's delete, Hold takes a message back from others, Approve and Restore bring a held or removed one back;
    /// sensitive marks do not apply to chat and change nothing. Null when the room has no such message.
    /// </summary>
    Task<ModeratedItem?> ModerateMessageAsync(Guid messageId, ContentAction action, AuditActor by, string reason);

    /// <summary>The message as moderation sees it (ParentId: the stream); null when the room has no such message.</summary>
    Task<ModeratedItem?> GetModeratedMessageAsync(Guid messageId);
}

/// <summary>An API host's relay of a room's events to its local SignalR connections.</summary>
public interface ILiveRoomObserver : IGrainObserver
{
    /// <summary>The messages committed since the previous batch, oldest first.</summary>
    [OneWay] Task MessagesPosted(Guid streamId, ChatMessage[] messages);

    [OneWay] Task MessageDeleted(Guid streamId, Guid messageId);

    [OneWay] Task ViewersChanged(Guid streamId, ViewerCounts viewers);

    /// <summary>The user was banned: their connections leave the room.</summary>
    [OneWay] Task UserBanned(Guid streamId, Guid userId);

    [OneWay] Task UserTimedOut(Guid streamId, Guid userId, DateTimeOffset until);

    /// <summary>The stream became members-only (or the user's membership ended): their connections leave the room.</summary>
    [OneWay] Task AccessRevoked(Guid streamId, Guid userId);

    [OneWay] Task StreamEnded(Guid streamId);
}
