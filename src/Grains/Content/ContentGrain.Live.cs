using SocialFlow.Grains.Interfaces.Content;

namespace SocialFlow.Grains.Content;

/// <summary>Counter pushes to API hosts' observers: coalesced, at most one per PushInterval per item.</summary>
public sealed partial class ContentGrain
{
    private static readonly TimeSpan ObserverLease = TimeSpan.FromSeconds(60);
    private readonly Dictionary<ICountersObserver, DateTime> _observers = [];
    private IGrainTimer? _pushTimer;
    private DateTime _lastPush = DateTime.MinValue;
    private bool _pushScheduled;

    public Task WatchAsync(ICountersObserver observer)
    {
        _observers[observer] = DateTime.UtcNow + ObserverLease;
        return Task.CompletedTask;
    }

    public Task UnwatchAsync(ICountersObserver observer)
    {
        _observers.Remove(observer);
        return Task.CompletedTask;
    }

    private void CountersChanged()
    {
        if (_observers.Count == 0 || _pushScheduled) return;
        _pushScheduled = true;
        var due = _lastPush + _options.PushInterval - DateTime.UtcNow;
        _pushTimer ??= this.RegisterGrainTimer(PushAsync, new GrainTimerCreationOptions
        {
            DueTime = Timeout.InfiniteTimeSpan, Period = Timeout.InfiniteTimeSpan, Interleave = true, KeepAlive = false,
        });
        _pushTimer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task PushAsync(CancellationToken ct)
    {
        _pushScheduled = false;
        _lastPush = DateTime.UtcNow;
        var counts = await CountsAsync();
        foreach (var (observer, expires) in _observers.ToList())
        {
            if (expires < _lastPush)
            {
                _observers.Remove(observer);
                continue;
            }
            _ = observer.CountersChanged(Id, counts); // one-way: a gone host costs nothing
        }
    }
}
