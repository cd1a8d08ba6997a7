using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.ApiHost.Hubs;

/// <summary>
/// This API host's link between users' notification grains and its SignalR connections. For every user with at least
/// one local connection, this host's observer is registered with that user's grain (renewed by the base; each
/// renewal also re-checks the unread count). Pushes go to the user's own group only.
/// </summary>
public sealed class NotificationsRelay(
    IGrainFactory grains, IHubContext<NotificationsHub> hub, IOptions<ObserverLeaseOptions> leases, ILogger<NotificationsRelay> logger)
    : GrainWatchRelay<INotificationObserver>(grains, leases, logger), INotificationObserver
{
    private readonly ConcurrentDictionary<Guid, HashSet<string>> _users = new();
    private readonly Lock _lock = new();

    public static string Group(Guid userId) => $"user:{userId:N}";

    protected override IEnumerable<Guid> Watched => _users.Keys;

    protected override Task WatchAsync(Guid userId) => Grains.Ref<INotificationGrain>(userId).WatchAsync(Self);

    public async Task ConnectedAsync(Guid userId, string connectionId)
    {
        lock (_lock) _users.GetOrAdd(userId, _ => []).Add(connectionId);
        await WatchAsync(userId);
    }

    public void Disconnected(Guid userId, string connectionId)
    {
        lock (_lock)
        {
            if (!_users.TryGetValue(userId, out var set)) return;
            set.Remove(connectionId);
            if (set.Count == 0) _users.TryRemove(userId, out _); // the grain's lease lapses by itself
        }
    }

    public Task NotificationChanged(Guid userId, NotificationView notification, long unreadCount) => Task.WhenAll(
        hub.Clients.Group(Group(userId)).SendAsync(NotificationsHub.NotificationEvent, NotificationResponse.From(notification)),
        hub.Clients.Group(Group(userId)).SendAsync(NotificationsHub.UnreadCountEvent, new UnreadCountResponse(unreadCount)));

    public Task UnreadCountChanged(Guid userId, long unreadCount) =>
        hub.Clients.Group(Group(userId)).SendAsync(NotificationsHub.UnreadCountEvent, new UnreadCountResponse(unreadCount));
}
