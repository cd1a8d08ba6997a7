using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Interfaces.Live.Chat;

/// <summary><see cref="Badge"/>: the sender's membership of the streamer's tiers when they sent it; <see cref="Tip"/>: a paid
/// message (its id is the payment's), highlighted and pinned until <see cref="ChatTip.PinnedUntil"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record ChatMessage(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid StreamId,
    [property: Id(2)] Guid UserId,
    [property: Id(3)] string Username,
    [property: Id(4)] string Text,
    [property: Id(5)] DateTimeOffset SentAt,
    [property: Id(6)] MemberBadge? Badge = null,
    [property: Id(7)] ChatTip? Tip = null);

/// <summary>A paid message's amount (minor units) and the end of its pin (null: too small an amount to be pinned).</summary>
[GenerateSerializer, Immutable]
public sealed record ChatTip([property: Id(0)] long Amount, [property: Id(1)] string Currency, [property: Id(2)] DateTimeOffset? PinnedUntil);

[GenerateSerializer, Immutable]
public sealed record ChatSettings([property: Id(0)] int SlowModeSeconds, [property: Id(1)] bool FollowersOnly)
{
    public static readonly ChatSettings Default = new(0, false);
}

[GenerateSerializer, Immutable]
public sealed record ViewerCounts([property: Id(0)] int Current, [property: Id(1)] int Peak);

/// <summary>One presence a host holds in a room: a connection id (unique per host) and its user.</summary>
[GenerateSerializer, Immutable]
public sealed record PresenceLease([property: Id(0)] string PresenceId, [property: Id(1)] Guid UserId);

/// <summary>What a joining viewer sees: the audience, the last messages (oldest first), the settings and the paid
/// messages pinned now (oldest first).</summary>
[GenerateSerializer, Immutable]
public sealed record RoomJoined(
    [property: Id(0)] ViewerCounts Viewers,
    [property: Id(1)] IReadOnlyList<ChatMessage> Messages,
    [property: Id(2)] ChatSettings Settings,
    [property: Id(3)] IReadOnlyList<ChatMessage> Pinned);

/// <summary>Why the room said no. The codes are the hub's and the API's (snake_case): see <see cref="ChatRefused.CodeName"/>.</summary>
public enum ChatRefusal { NotFound, Ended, Empty, TooLong, RateLimited, SlowMode, FollowersOnly, Banned, TimedOut, NotJoined, Forbidden, SlowDown, MembershipRequired }

/// <summary><see cref="Access"/>: for membership_required, the gate's decision (which creator's tiers, from which rank).</summary>
[GenerateSerializer, Immutable]
public sealed record ChatRefused(
    [property: Id(0)] ChatRefusal Code, [property: Id(1)] string Reason, [property: Id(2)] TimeSpan? RetryAfter = null, [property: Id(3)] AccessDecision? Access = null)
{
    /// <summary>"rate_limited", "slow_mode", …: the prefix of hub errors and the problem code.</summary>
    public string CodeName => string.Concat(Code.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

[GenerateSerializer, Immutable]
public sealed record JoinOutcome([property: Id(0)] RoomJoined? Joined, [property: Id(1)] ChatRefused? Refused);

/// <summary>Held: the message was accepted and stored, but watched words hold it from everyone else until a moderator approves it.</summary>
[GenerateSerializer, Immutable]
public sealed record SendOutcome([property: Id(0)] ChatMessage? Message, [property: Id(1)] ChatRefused? Refused, [property: Id(2)] bool Held = false);

/// <summary><see cref="Refused"/>: the stream is members-only and the viewer not a member (no items).</summary>
[GenerateSerializer, Immutable]
public sealed record ChatPage([property: Id(0)] IReadOnlyList<ChatMessage> Items, [property: Id(1)] PageCursor? Next, [property: Id(2)] ChatRefused? Refused = null);

/// <summary>Average viewers: the viewer count averaged over the time the stream was live (0 before it went live).</summary>
[GenerateSerializer, Immutable]
public sealed record RoomStats(
    [property: Id(0)] int CurrentViewers,
    [property: Id(1)] int PeakViewers,
    [property: Id(2)] double AverageViewers,
    [property: Id(3)] long ChatMessages,
    [property: Id(4)] long UniqueChatters);
