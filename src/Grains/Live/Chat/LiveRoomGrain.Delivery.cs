using SocialFlow.Grains.Interfaces.Live.Chat;

namespace SocialFlow.Grains.Live.Chat;

/// <summary>
/// Pushes to the API hosts' observers (one per host with viewers here, leased like presence). New messages are
/// buffered and go out as one batch per delivery interval; moderation events go out at once.
/// </summary>
public sealed partial class LiveRoomGrain
{
    private readonly Dictionary<ILiveRoomObserver, DateTimeOffset> _observers = [];
    private List<ChatMessage> _outbox = [];
    private IGrainTimer _deliveryTimer = null!;

    private void StartTimers()
    {
        _deliveryTimer = this.RegisterGrainTimer(DeliverNowAsync, new GrainTimerCreationOptions
        {
            DueTime = Timeout.InfiniteTimeSpan, Period = Timeout.InfiniteTimeSpan, Interleave = true, KeepAlive = false,
        });
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions
        {
            DueTime = _options.ViewersInterval, Period = _options.ViewersInterval, Interleave = true, KeepAlive = false,
        });
    }

    private void Watch(ILiveRoomObserver observer) => _observers[observer] = clock.GetUtcNow() + _options.PresenceTimeout;

    public Task UnwatchAsync(ILiveRoomObserver observer)
    {
        _observers.Remove(observer);
        return Task.CompletedTask;
    }

    private void Deliver(IReadOnlyList<ChatMessage> committed)
    {
        if (_observers.Count == 0) return;
        var first = _outbox.Count == 0;
        _outbox.AddRange(committed);
        if (first) _deliveryTimer.Change(_options.DeliveryInterval, Timeout.InfiniteTimeSpan);
    }

    private Task DeliverNowAsync(CancellationToken ct)
    {
        if (_outbox.Count == 0) return Task.CompletedTask;
        var batch = _outbox.ToArray();
        _outbox = [];
        foreach (var o in LiveObservers()) _ = o.MessagesPosted(Id, batch); // one-way: a gone host costs nothing
        return Task.CompletedTask;
    }

    /// <summary>The observers whose lease holds; lapsed ones are dropped.</summary>
    private List<ILiveRoomObserver> LiveObservers()
    {
        var now = clock.GetUtcNow();
        foreach (var (o, _) in _observers.Where(e => e.Value <= now).ToList()) _observers.Remove(o);
        return [.. _observers.Keys];
    }
}
