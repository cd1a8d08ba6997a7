using Orleans.Utilities;
using SocialFlow.Grains.Interfaces.Engagement;

namespace SocialFlow.Grains.Engagement;

/// <summary>Counter pushes to API hosts' observers: coalesced, at most one per PushInterval per item.</summary>
public sealed partial class ContentGrain
{
    private readonly ObserverManager<ICountersObserver> _observers = new(leases.Value.Lease, logger)
    {
        GetDateTime = () => clock.GetUtcNow().UtcDateTime,
    };
    private IGrainTimer? _pushTimer;
    private DateTimeOffset _lastPush = DateTimeOffset.MinValue;
    private bool _pushScheduled;

    public Task WatchAsync(ICountersObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnwatchAsync(ICountersObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>Fewer may see the item now: no more pushes to anyone watching it; those who still may watch again.</summary>
    private void EndWatches()
    {
        if (_observers.Count == 0) return;
        _observers.Notify(o => { _ = o.WatchEnded(Id); });
        _observers.Clear();
    }

    private void CountersChanged()
    {
        if (_observers.Count == 0 || _pushScheduled) return;
        _pushScheduled = true;
        var due = _lastPush + _options.PushInterval - clock.GetUtcNow();
        _pushTimer ??= this.RegisterGrainTimer(PushAsync, new GrainTimerCreationOptions
        {
            DueTime = Timeout.InfiniteTimeSpan, Period = Timeout.InfiniteTimeSpan, Interleave = true, KeepAlive = false,
        });
        _pushTimer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task PushAsync(CancellationToken ct)
    {
        _pushScheduled = false;
        _lastPush = clock.GetUtcNow();
        var counts = await CountsAsync();
        // One-way: a gone host costs nothing; observers whose lease lapsed are dropped here.
        _observers.Notify(o => { _ = o.CountersChanged(Id, counts); });
    }
}
