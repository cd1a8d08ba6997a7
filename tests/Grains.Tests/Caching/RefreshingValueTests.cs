using Microsoft.Extensions.Time.Testing;
using SocialFlow.Grains.Infrastructure.Caching;

namespace SocialFlow.Grains.Tests.Caching;

/// <summary>
/// A trending reader's lists (<see cref="RefreshingValue{T}"/>): reused for the time to live, then one reload at a time,
/// with the previous value served while it runs for up to one more time to live; older than that, calls wait for it.
/// </summary>
public sealed class RefreshingValueTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _clock = new();
    private int _loads;

    [Fact]
    public async Task FreshValue_IsReused_StaleOne_IsServedWhileOneReloadRuns_OlderOne_WaitsForIt()
    {
        var value = new RefreshingValue<int>(_clock);
        Assert.Equal(1, await value.GetAsync(Ttl, () => Task.FromResult(++_loads)));
        _clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal(1, await value.GetAsync(Ttl, () => Task.FromResult(++_loads)));
        Assert.Equal(1, _loads);

        _clock.Advance(TimeSpan.FromMilliseconds(300));
        var reload = new TaskCompletionSource<int>();
        Assert.Equal(1, await value.GetAsync(Ttl, Slow(reload)));
        Assert.Equal(1, await value.GetAsync(Ttl, Slow(reload)));
        Assert.Equal(2, _loads);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var waiting = value.GetAsync(Ttl, Slow(reload)).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.Equal(2, _loads);
        reload.SetResult(7);
        Assert.Equal(7, await waiting);
    }

    [Fact]
    public async Task ZeroTimeToLive_LoadsForEveryCall()
    {
        var value = new RefreshingValue<int>(_clock);
        for (var i = 1; i <= 3; i++) Assert.Equal(i, await value.GetAsync(TimeSpan.Zero, () => Task.FromResult(++_loads)));
    }

    [Fact]
    public async Task FailedLoad_ReachesTheCallerThatWaits_AndTheNextCallLoadsAgain()
    {
        var value = new RefreshingValue<int>(_clock);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await value.GetAsync(Ttl, () => throw new InvalidOperationException()));
        Assert.Equal(1, await value.GetAsync(Ttl, () => Task.FromResult(++_loads)));
    }

    private Func<Task<int>> Slow(TaskCompletionSource<int> done) => () =>
    {
        _loads++;
        return done.Task;
    };
}
