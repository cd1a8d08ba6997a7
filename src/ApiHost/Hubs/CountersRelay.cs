using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;

namespace SocialFlow.ApiHost.Hubs;

/// <summary>
/// This API host's link between content grains and its SignalR connections. For every item that at least one local
/// connection watches, it registers one observer with the item's grain (renewed well within the grain's lease);
/// the grain pushes coalesced counts (a few per second at most) and the relay sends them to the item's local group.
/// Several hosts each register their own observer, so no SignalR backplane is needed for counters.
/// </summary>
public sealed class CountersRelay(
    IGrainFactory grains, IHubContext<NotificationsHub> hub, IOptions<ObserverLeaseOptions> leases, ILogger<CountersRelay> logger)
    : GrainWatchRelay<ICountersObserver>(grains, leases, logger), ICountersObserver
{
    public const int MaxWatchesPerConnection = 100;
    private readonly ConcurrentDictionary<Guid, HashSet<string>> _watchers = new();
    private readonly ConcurrentDictionary<string, HashSet<Guid>> _connections = new();
    private readonly Lock _lock = new();

    public static string Group(Guid contentId) => $"content:{contentId:N}";

    protected override IEnumerable<Guid> Watched => _watchers.Keys;

    protected override Task WatchAsync(Guid contentId) => Grains.Ref<IContentLiveGrain>(contentId).WatchAsync(Self);

    /// <summary>Adds the watch; false when the connection already watches the maximum number of items.</summary>
    public async Task<bool> WatchAsync(string connectionId, Guid contentId)
    {
        bool first;
        lock (_lock)
        {
            var items = _connections.GetOrAdd(connectionId, _ => []);
            if (!items.Contains(contentId) && items.Count >= MaxWatchesPerConnection) return false;
            items.Add(contentId);
            var set = _watchers.GetOrAdd(contentId, _ => []);
            first = set.Count == 0;
            set.Add(connectionId);
        }
        if (first) await WatchAsync(contentId);
        return true;
    }

    public Task UnwatchAsync(string connectionId, Guid contentId)
    {
        lock (_lock)
        {
            if (_connections.TryGetValue(connectionId, out var items)) items.Remove(contentId);
            if (!Release(connectionId, contentId)) return Task.CompletedTask;
        }
        return Grains.Ref<IContentLiveGrain>(contentId).UnwatchAsync(Self);
    }

    public void Disconnected(string connectionId)
    {
        lock (_lock)
        {
            if (!_connections.TryRemove(connectionId, out var items)) return;
            // The grains' leases lapse by themselves; no call needed for the items nobody here watches any more.
            foreach (var contentId in items) Release(connectionId, contentId);
        }
    }

    public Task CountersChanged(Guid contentId, ContentCounts counts) =>
        hub.Clients.Group(Group(contentId)).SendAsync(NotificationsHub.CountersEvent, CountsResponse.From(contentId, counts));

    /// <summary>The item narrowed its audience: its local watchers are told, leave its group and stop renewing it.</summary>
    public async Task WatchEnded(Guid contentId)
    {
        string[] watchers;
        lock (_lock)
        {
            if (!_watchers.TryRemove(contentId, out var set)) return;
            watchers = [.. set];
            foreach (var connectionId in watchers)
            {
                if (_connections.TryGetValue(connectionId, out var items)) items.Remove(contentId);
            }
        }
        var group = Group(contentId);
        await hub.Clients.Group(group).SendAsync(NotificationsHub.WatchEndedEvent, new { ContentId = contentId });
        foreach (var connectionId in watchers) await hub.Groups.RemoveFromGroupAsync(connectionId, group);
    }

    /// <summary>True when that was the item's last local watcher.</summary>
    private bool Release(string connectionId, Guid contentId)
    {
        if (!_watchers.TryGetValue(contentId, out var set)) return false;
        set.Remove(connectionId);
        if (set.Count > 0) return false;
        _watchers.TryRemove(contentId, out _);
        return true;
    }
}
