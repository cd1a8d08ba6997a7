using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Notifications;

/// <summary>
/// One user's notifications (key: the user id; callers take it from the token, never from a route). The single writer
/// of that user's grouped notification rows, preferences and devices in PostgreSQL, and the source of real-time
/// pushes to the API hosts watching the user.
/// </summary>
public interface INotificationGrain : IGrainWithGuidKey
{
    public const int MaxDevices = 10;

    /// <summary>Applies one source fact (idempotent per event id); skipped when the actor is muted or blocked or every channel is off.</summary>
    Task ApplyAsync(NotificationInput input);

    /// <summary>A notification of this user was written set-based (likes, new content): pushes it to the watching API hosts, if any.</summary>
    Task PushAsync(Guid notificationId);

    /// <summary>Newest (last updated) first; <paramref name="after"/> is the last item of the previous page.</summary>
    Task<NotificationPage> ListAsync(PageCursor? after, bool unreadOnly, int limit);

    /// <summary>False when the notification is not this user's.</summary>
    Task<bool> MarkReadAsync(Guid notificationId);

    Task<int> MarkAllReadAsync();

    Task<long> GetUnreadCountAsync();

    /// <summary>Every (type, channel) with its effective value (the user's choice, else the default).</summary>
    Task<IReadOnlyList<NotificationPreference>> GetPreferencesAsync();

    Task<IReadOnlyList<NotificationPreference>> SetPreferencesAsync(IReadOnlyList<NotificationPreference> changes);

    /// <summary>Registers an FCM token for this user (moving it from another account if it was theirs); the oldest
    /// devices beyond <see cref="MaxDevices"/> are dropped.</summary>
    Task RegisterDeviceAsync(string token, string platform);

    /// <summary>False when this user has no such device (someone else's token is never removed).</summary>
    Task<bool> RemoveDeviceAsync(string token);

    /// <summary>An API host with connections of this user; renew within <see cref="ObserverLeaseOptions.Lease"/>.</summary>
    Task WatchAsync(INotificationObserver observer);

    Task UnwatchAsync(INotificationObserver observer);
}

/// <summary>An API host's relay to its SignalR connections.</summary>
public interface INotificationObserver : IGrainObserver
{
    [OneWay]
    Task NotificationChanged(Guid userId, NotificationView notification, long unreadCount);

    [OneWay]
    Task UnreadCountChanged(Guid userId, long unreadCount);
}
