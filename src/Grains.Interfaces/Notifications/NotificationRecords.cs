using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Notifications;

/// <summary>Wire names are the snake_case of these (follow_request, new_content, …), also in the database.</summary>
public enum NotificationType { Follow, FollowRequest, FollowApproved, Like, Comment, Reply, Mention, NewContent, LiveStarted, System }

public enum NotificationChannel { InApp, Push, Email, Sms }

public static class NotificationNames
{
    public static string Of(NotificationType type) => type switch
    {
        NotificationType.FollowRequest => "follow_request",
        NotificationType.FollowApproved => "follow_approved",
        NotificationType.NewContent => "new_content",
        NotificationType.LiveStarted => "live_started",
        _ => type.ToString().ToLowerInvariant(),
    };

    public static string Of(NotificationChannel channel) => channel == NotificationChannel.InApp ? "in_app" : channel.ToString().ToLowerInvariant();

    public static NotificationType ParseType(string name) => Enum.Parse<NotificationType>(name.Replace("_", ""), ignoreCase: true);

    public static NotificationChannel ParseChannel(string name) => Enum.Parse<NotificationChannel>(name.Replace("_", ""), ignoreCase: true);
}

/// <summary>
/// One source fact for one recipient. Notifications group by (type, subject): every like of one video is one
/// notification. <see cref="EventId"/> makes applying it idempotent (a redelivered event changes nothing).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record NotificationInput(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] NotificationType Type,
    [property: Id(2)] Guid ActorId,
    [property: Id(3)] Guid SubjectId,
    [property: Id(4)] string SubjectKind,
    [property: Id(5)] Guid? ItemId,
    [property: Id(6)] Guid? CommentId = null,
    [property: Id(7)] string? Text = null);

[GenerateSerializer, Immutable]
public sealed record ActorRef([property: Id(0)] Guid Id, [property: Id(1)] string Username);

[GenerateSerializer, Immutable]
public sealed record NotificationView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] NotificationType Type,
    [property: Id(2)] string SubjectKind,
    [property: Id(3)] Guid SubjectId,
    [property: Id(4)] Guid? ItemId,
    [property: Id(5)] int ActorCount,
    [property: Id(6)] IReadOnlyList<ActorRef> LatestActors,
    [property: Id(7)] Guid? CommentId,
    [property: Id(8)] string? Text,
    [property: Id(9)] bool Read,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable]
public sealed record NotificationPage([property: Id(0)] IReadOnlyList<NotificationView> Items, [property: Id(1)] PageCursor? Next);

[GenerateSerializer, Immutable]
public sealed record NotificationPreference(
    [property: Id(0)] NotificationType Type,
    [property: Id(1)] NotificationChannel Channel,
    [property: Id(2)] bool Enabled);

public enum DeviceStatus { Registered, InvalidToken }

/// <summary>Defaults when a user has made no choice: everything in-app; push for what someone did to you or your
/// content, not for new posts of people you follow; email only for what usually wants an answer.</summary>
public static class NotificationDefaults
{
    public static bool Enabled(NotificationType type, NotificationChannel channel) => channel switch
    {
        NotificationChannel.InApp => true,
        NotificationChannel.Push => type != NotificationType.NewContent,
        NotificationChannel.Email => type is NotificationType.Comment or NotificationType.Reply or NotificationType.Mention
            or NotificationType.FollowRequest or NotificationType.System,
        _ => false,
    };
}
