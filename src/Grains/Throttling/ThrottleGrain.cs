using SocialFlow.Grains.Interfaces.Throttling;

namespace SocialFlow.Grains.Throttling;

/// <summary>Sliding-window event log in memory; deactivates when idle, which forgets it.</summary>
public sealed class ThrottleGrain(TimeProvider clock) : Grain, IThrottleGrain
{
    private readonly Queue<DateTimeOffset> _events = new();

    public Task<ThrottleDecision> TryAcquireAsync(int limit, TimeSpan window)
    {
        var decision = Decide(limit, window);
        if (decision.Allowed) _events.Enqueue(clock.GetUtcNow());
        return Task.FromResult(decision);
    }

    public Task<ThrottleDecision> CheckAsync(int limit, TimeSpan window) => Task.FromResult(Decide(limit, window));

    public Task RecordAsync()
    {
        _events.Enqueue(clock.GetUtcNow());
        while (_events.Count > 10_000) _events.Dequeue();
        return Task.CompletedTask;
    }

    public Task ResetAsync()
    {
        _events.Clear();
        return Task.CompletedTask;
    }

    private ThrottleDecision Decide(int limit, TimeSpan window)
    {
        var now = clock.GetUtcNow();
        while (_events.TryPeek(out var oldest) && oldest <= now - window) _events.Dequeue();
        if (_events.Count < limit) return ThrottleDecision.Allow;
        var retryAfter = _events.ElementAt(_events.Count - limit) + window - now;
        return new ThrottleDecision(false, retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter);
    }
}
