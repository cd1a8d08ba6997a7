using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Live.Chat;

namespace SocialFlow.ApiHost.Hubs;

/// <summary>
/// This API host's link between live rooms and its SignalR connections. For every room with at least one local
/// connection, one observer (this object) is registered with the room's grain, which pushes message batches and
/// moderation events; the relay sends them to the room's local group. Each renewal (the base's) renews the observer
/// and the presence of its connections in the room, so a host that dies leaves no ghosts once the lease passes.
/// Works the same when the silo runs elsewhere (the grain calls this host's observer through its gateway).
/// </summary>
public sealed class LiveRoomRelay(
    IGrainFactory grains, IHubContext<LiveHub> hub, IOptions<LiveHubOptions> options, IOptions<ObserverLeaseOptions> leases,
    ILogger<LiveRoomRelay> logger)
    : GrainWatchRelay<ILiveRoomObserver>(grains, leases, logger), ILiveRoomObserver
{
    private readonly Dictionary<Guid, Dictionary<string, Guid>> _rooms = []; // stream → connection → user
    private readonly Dictionary<string, HashSet<Guid>> _joined = [];          // connection → streams
    private readonly Lock _lock = new();

    public static string Group(Guid streamId) => $"live:{streamId:N}";

    private static ILiveRoomGrain Room(IGrainFactory grains, Guid streamId) => grains.Ref<ILiveRoomGrain>(streamId);

    /// <summary>Joins the room's group first (a message committed meanwhile may come twice, never not at all), then the room.</summary>
    public async Task<JoinOutcome> JoinAsync(string connectionId, Guid userId, Guid streamId)
    {
        lock (_lock)
        {
            if (_joined.TryGetValue(connectionId, out var mine) && !mine.Contains(streamId) && mine.Count >= options.Value.MaxRoomsPerConnection)
            {
                return new JoinOutcome(null, new ChatRefused(ChatRefusal.Forbidden, $"a connection may be in at most {options.Value.MaxRoomsPerConnection} rooms."));
            }
        }
        await hub.Groups.AddToGroupAsync(connectionId, Group(streamId));
        JoinOutcome outcome;
        try
        {
            outcome = await Room(Grains, streamId).JoinAsync(userId, connectionId, Self);
        }
        catch
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, Group(streamId));
            throw;
        }
        if (outcome.Refused is not null)
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, Group(streamId));
            return outcome;
        }
        lock (_lock)
        {
            (_rooms.TryGetValue(streamId, out var members) ? members : _rooms[streamId] = [])[connectionId] = userId;
            (_joined.TryGetValue(connectionId, out var mine) ? mine : _joined[connectionId] = []).Add(streamId);
        }
        return outcome;
    }

    public bool IsJoined(string connectionId, Guid streamId)
    {
        lock (_lock) return _joined.TryGetValue(connectionId, out var mine) && mine.Contains(streamId);
    }

    /// <summary>Leaves the room; the room's refusal (not found) when the user may not see the stream.</summary>
    public async Task<ChatRefused?> LeaveAsync(string connectionId, Guid userId, Guid streamId)
    {
        var last = Forget(connectionId, streamId);
        await hub.Groups.RemoveFromGroupAsync(connectionId, Group(streamId));
        return await LeaveRoomAsync(streamId, connectionId, userId, last);
    }

    /// <summary>A closed connection leaves every room it was in (SignalR drops its groups itself).</summary>
    public async Task DisconnectedAsync(string connectionId, Guid userId)
    {
        List<Guid> streams;
        lock (_lock) streams = _joined.TryGetValue(connectionId, out var mine) ? [.. mine] : [];
        await Task.WhenAll(streams.Select(s => LeaveRoomAsync(s, connectionId, userId, Forget(connectionId, s))));
    }

    private async Task<ChatRefused?> LeaveRoomAsync(Guid streamId, string connectionId, Guid userId, bool lastHere)
    {
        try
        {
            var refused = await Room(Grains, streamId).LeaveAsync(userId, connectionId);
            if (lastHere) await Room(Grains, streamId).UnwatchAsync(Self);
            return refused;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The presence lapses by itself within the timeout.
            logger.LogWarning("Leaving live room {Stream} failed: {Message}", streamId, e.Message);
            return null;
        }
    }

    /// <summary>Removes the local membership; true when it was this host's last connection in the room.</summary>
    private bool Forget(string connectionId, Guid streamId)
    {
        lock (_lock)
        {
            if (_joined.TryGetValue(connectionId, out var mine) && mine.Remove(streamId) && mine.Count == 0) _joined.Remove(connectionId);
            if (!_rooms.TryGetValue(streamId, out var members) || !members.Remove(connectionId) || members.Count > 0) return false;
            _rooms.Remove(streamId);
            return true;
        }
    }

    /// <summary>The local connections of <paramref name="userId"/> in the room.</summary>
    private List<string> ConnectionsOf(Guid streamId, Guid userId)
    {
        lock (_lock) return _rooms.TryGetValue(streamId, out var members) ? [.. members.Where(m => m.Value == userId).Select(m => m.Key)] : [];
    }

    protected override IEnumerable<Guid> Watched
    {
        get
        {
            lock (_lock) return [.. _rooms.Keys];
        }
    }

    /// <summary>Renews this host's observer and its connections' presence in the room (none left here: nothing to renew).</summary>
    protected override Task WatchAsync(Guid streamId)
    {
        List<PresenceLease> presences;
        lock (_lock)
        {
            if (!_rooms.TryGetValue(streamId, out var members)) return Task.CompletedTask;
            presences = [.. members.Select(m => new PresenceLease(m.Key, m.Value))];
        }
        return Room(Grains, streamId).RenewAsync(Self, presences);
    }

    public Task MessagesPosted(Guid streamId, ChatMessage[] messages) =>
        hub.Clients.Group(Group(streamId)).SendAsync(LiveHub.ChatEvent, messages.Select(ChatMessageResponse.From).ToArray());

    public Task MessageDeleted(Guid streamId, Guid messageId) =>
        hub.Clients.Group(Group(streamId)).SendAsync(LiveHub.ChatDeletedEvent, new ChatDeletedEvent(streamId, messageId.ToString()));

    public Task ViewersChanged(Guid streamId, ViewerCounts viewers) =>
        hub.Clients.Group(Group(streamId)).SendAsync(LiveHub.ViewersEvent, new ViewersEvent(streamId, viewers.Current, viewers.Peak));

    /// <summary>The banned user's connections here are told and leave the room at once (the room already dropped their presence).</summary>
    public async Task UserBanned(Guid streamId, Guid userId)
    {
        var connections = ConnectionsOf(streamId, userId);
        if (connections.Count == 0) return;
        await hub.Clients.Clients(connections).SendAsync(LiveHub.BannedEvent, new StreamEventBody(streamId));
        foreach (var connectionId in connections)
        {
            if (Forget(connectionId, streamId)) await Room(Grains, streamId).UnwatchAsync(Self);
            await hub.Groups.RemoveFromGroupAsync(connectionId, Group(streamId));
        }
    }

    public Task UserTimedOut(Guid streamId, Guid userId, DateTimeOffset until)
    {
        var connections = ConnectionsOf(streamId, userId);
        return connections.Count == 0 ? Task.CompletedTask
            : hub.Clients.Clients(connections).SendAsync(LiveHub.TimedOutEvent, new TimedOutEvent(streamId, until));
    }

    /// <summary>Everyone here is told; the room no longer has an audience, so its local members are forgotten.</summary>
    public async Task StreamEnded(Guid streamId)
    {
        await hub.Clients.Group(Group(streamId)).SendAsync(LiveHub.StreamEndedEvent, new StreamEventBody(streamId));
        List<string> connections;
        lock (_lock) connections = _rooms.TryGetValue(streamId, out var members) ? [.. members.Keys] : [];
        foreach (var connectionId in connections)
        {
            Forget(connectionId, streamId);
            await hub.Groups.RemoveFromGroupAsync(connectionId, Group(streamId));
        }
    }
}
