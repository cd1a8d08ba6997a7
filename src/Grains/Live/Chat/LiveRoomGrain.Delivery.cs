using Orleans.Utilities;
using SocialFlow.Grains.Interfaces.Live.Chat;

namespace SocialFlow.Grains.Live.Chat;

/// <summary>
/// Pushes to the API hosts' observers (one per host with viewers here, leased like presence: ObserverLeaseOptions). New messages are
/// buffered and go out as one batch per delivery interval; moderation events go out at once.
/// </summary>
public sealed partial class LiveRoomGrain
{
    private readonly ObserverManager<ILiveRoomObserver> _observers = new(leases.Value.Lease, logger)
    {
        GetDateTime = () => clock.GetUtcNow().UtcDateTime,
    };
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

    private void Watch(ILiveRoomObserver observer) => _observers.Subscribe(observer, observer);

    public Task UnwatchAsync(ILiveRoomObserver observer)
    {
        _observers.Unsubscribe(observer);
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
        Notify(o => o.MessagesPosted(Id, batch));
        return Task.CompletedTask;
    }

    /// <summary>One-way: a gone host costs nothing. Observers whose lease lapsed are dropped here.</summary>
    private void Notify(Func<ILiveRoomObserver, Task> push) => _observers.Notify(o => { _ = push(o); });
}
