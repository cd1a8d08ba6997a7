using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Live.Chat;

namespace SocialFlow.ApiHost.Hubs;

/// <summary>
/// This API host's link between live rooms and its SignalR connections. For every room with at least one local
/// connection, one observer (this object) is registered with the room's grain, which pushes message batches and
/// moderation events. Chat goes through the room's <see cref="RoomDelivery"/> (bounded delay, one outbox per
/// connection); the other events go to the room's local group. Orleans runs this observer's calls one at a time, so
/// none of them waits for SignalR: a connection that cannot keep up must not hold up the host's other rooms.
/// Each renewal (the base's) renews the observer and the presence of its connections in the room, so a host that dies
/// leaves no ghosts once the lease passes. Works the same when the silo runs elsewhere (through its gateway).
/// </summary>
public sealed class LiveRoomRelay(
    IGrainFactory grains, IHubContext<LiveHub> hub, LiveHubConnections hubConnections, IOptions<LiveHubOptions> options,
    IOptions<ObserverLeaseOptions> leases, TimeProvider clock, ApiMetrics metrics, ILogger<LiveRoomRelay> logger)
    : GrainWatchRelay<ILiveRoomObserver>(grains, leases, logger), ILiveRoomObserver
{
    private readonly Dictionary<Guid, Dictionary<string, Guid>> _rooms = []; // stream → connection → user
    private readonly Dictionary<string, HashSet<Guid>> _joined = [];          // connection → streams
    private readonly Dictionary<Guid, RoomDelivery> _deliveries = [];         // stream → chat delivery (joined or joining)
    private readonly Lock _lock = new();

    public static string Group(Guid streamId) => $"live:{streamId:N}";

    private static ILiveRoomGrain Room(IGrainFactory grains, Guid streamId) => grains.Ref<ILiveRoomGrain>(streamId);

    /// <summary>Joins the room's group and delivery first (a message committed meanwhile may come twice, never not at all), then the room.</summary>
    public async Task<JoinOutcome> JoinAsync(string connectionId, Guid userId, Guid streamId)
    {
        bool already;
        lock (_lock)
        {
            already = _joined.TryGetValue(connectionId, out var mine) && mine.Contains(streamId);
            if (!already && mine is not null && mine.Count >= options.Value.MaxRoomsPerConnection)
            {
                return new JoinOutcome(null, new ChatRefused(ChatRefusal.Forbidden, $"a connection may be in at most {options.Value.MaxRoomsPerConnection} rooms."));
            }
        }
        await hub.Groups.AddToGroupAsync(connectionId, Group(streamId));
        StartDelivery(streamId, connectionId);
        JoinOutcome outcome;
        try
        {
            outcome = await Room(Grains, streamId).JoinAsync(userId, connectionId, Self);
        }
        catch
        {
            if (!already) await StopAsync(streamId, connectionId);
            throw;
        }
        if (outcome.Refused is not null)
        {
            if (!already) await StopAsync(streamId, connectionId);
            return outcome;
        }
        lock (_lock)
        {
            (_rooms.TryGetValue(streamId, out var members) ? members : _rooms[streamId] = [])[connectionId] = userId;
            (_joined.TryGetValue(connectionId, out var mine) ? mine : _joined[connectionId] = []).Add(streamId);
        }
        return outcome;
    }

    private void StartDelivery(Guid streamId, string connectionId)
    {
        if (hubConnections.Find(connectionId) is not { } connection) return; // closed meanwhile
        var o = options.Value;
        var outbox = new ChatOutbox(connection, o.ConnectionBacklog, o.MaxDeliveryDelay, clock);
        lock (_lock)
        {
            if (!_deliveries.TryGetValue(streamId, out var delivery))
            {
                _deliveries[streamId] = delivery = new RoomDelivery(streamId, o, clock, AskToSlowDown, metrics.ChatDeliveryDelay, logger);
            }
            delivery.Add(connectionId, outbox);
        }
    }

    private async Task StopAsync(Guid streamId, string connectionId)
    {
        lock (_lock) StopDelivery(streamId, connectionId);
        await hub.Groups.RemoveFromGroupAsync(connectionId, Group(streamId));
    }

    private void StopDelivery(Guid streamId, string connectionId)
    {
        if (_deliveries.TryGetValue(streamId, out var delivery) && delivery.Remove(connectionId)) _deliveries.Remove(streamId);
    }

    private void AskToSlowDown(Guid streamId, TimeSpan retryAfter) =>
        Detach(Room(Grains, streamId).SlowDownAsync(retryAfter), streamId, "slow_down request");

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
            StopDelivery(streamId, connectionId);
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

    public Task MessagesPosted(Guid streamId, ChatMessage[] messages)
    {
        RoomDelivery? delivery;
        lock (_lock) _deliveries.TryGetValue(streamId, out delivery);
        delivery?.Post(messages);
        return Task.CompletedTask;
    }

    public Task MessageDeleted(Guid streamId, Guid messageId) =>
        ToGroup(streamId, LiveHub.ChatDeletedEvent, new ChatDeletedEvent(streamId, messageId.ToString()));

    public Task ViewersChanged(Guid streamId, ViewerCounts viewers) =>
        ToGroup(streamId, LiveHub.ViewersEvent, new ViewersEvent(streamId, viewers.Current, viewers.Peak));

    private Task ToGroup(Guid streamId, string name, object body)
    {
        Detach(hub.Clients.Group(Group(streamId)).SendAsync(name, body), streamId, name);
        return Task.CompletedTask;
    }

    /// <summary>Not awaited (see the class); a failure is logged.</summary>
    private void Detach(Task push, Guid streamId, string what)
    {
        if (push.IsCompletedSuccessfully) return;
        _ = push.ContinueWith(t => logger.LogWarning(t.Exception, "Live room {Stream}: {What} failed", streamId, what),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>The banned user's connections here are told and leave the room at once (the room already dropped their presence).</summary>
    public Task UserBanned(Guid streamId, Guid userId) => EvictAsync(streamId, userId, LiveHub.BannedEvent);

    /// <summary>As a ban: the user may no longer see the stream, so their connections here leave its room.</summary>
    public Task AccessRevoked(Guid streamId, Guid userId) => EvictAsync(streamId, userId, LiveHub.MembershipRequiredEvent);

    private async Task EvictAsync(Guid streamId, Guid userId, string eventName)
    {
        var connections = ConnectionsOf(streamId, userId);
        if (connections.Count == 0) return;
        Detach(hub.Clients.Clients(connections).SendAsync(eventName, new StreamEventBody(streamId)), streamId, eventName);
        foreach (var connectionId in connections)
        {
            if (Forget(connectionId, streamId)) await Room(Grains, streamId).UnwatchAsync(Self);
            await hub.Groups.RemoveFromGroupAsync(connectionId, Group(streamId));
        }
    }

    public Task UserTimedOut(Guid streamId, Guid userId, DateTimeOffset until)
    {
        var connections = ConnectionsOf(streamId, userId);
        if (connections.Count > 0)
        {
            Detach(hub.Clients.Clients(connections).SendAsync(LiveHub.TimedOutEvent, new TimedOutEvent(streamId, until)), streamId, LiveHub.TimedOutEvent);
        }
        return Task.CompletedTask;
    }

    /// <summary>Everyone here is told; the room no longer has an audience, so its local members are forgotten.</summary>
    public async Task StreamEnded(Guid streamId)
    {
        await ToGroup(streamId, LiveHub.StreamEndedEvent, new StreamEventBody(streamId));
        List<string> connections;
        lock (_lock) connections = _rooms.TryGetValue(streamId, out var members) ? [.. members.Keys] : [];
        foreach (var connectionId in connections)
        {
            Forget(connectionId, streamId);
            await hub.Groups.RemoveFromGroupAsync(connectionId, Group(streamId));
        }
    }
}
