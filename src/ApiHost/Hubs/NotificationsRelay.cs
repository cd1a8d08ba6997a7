using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.ApiHost.Hubs;

/// <summary>
/// This API host's link between users' notification grains and its SignalR connections. For every user with at least
/// one local connection, one observer is registered with that user's grain (renewed every 20 s, within its 60 s
/// lease; each renewal also re-checks the unread count). Pushes go to the user's own group only.
/// </summary>
public sealed class NotificationsRelay(IGrainFactory grains, IHubContext<NotificationsHub> hub, ILogger<NotificationsRelay> logger)
    : BackgroundService, INotificationObserver
{
    private static readonly TimeSpan Renewal = TimeSpan.FromSeconds(20);
    private readonly ConcurrentDictionary<Guid, HashSet<string>> _users = new();
    private readonly Lock _lock = new();
    private INotificationObserver? _self;

    public static string Group(Guid userId) => $"user:{userId:N}";

    private INotificationObserver Self
    {
        get
        {
            lock (_lock) return _self ??= grains.CreateObjectReference<INotificationObserver>(this);
        }
    }

    public async Task ConnectedAsync(Guid userId, string connectionId)
    {
        lock (_lock) _users.GetOrAdd(userId, _ => []).Add(connectionId);
        await grains.Ref<INotificationGrain>(userId).WatchAsync(Self);
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Renewal);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var userId in _users.Keys)
            {
                try
                {
                    await grains.Ref<INotificationGrain>(userId).WatchAsync(Self);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Renewing the notifications watch of {UserId} failed: {Message}", userId, e.Message);
                }
            }
        }
    }
}
