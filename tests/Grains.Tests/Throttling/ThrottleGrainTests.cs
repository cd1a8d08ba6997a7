using SocialFlow.Grains.Interfaces.Throttling;

namespace SocialFlow.Grains.Tests.Throttling;

[Collection(ClusterCollection.Name)]
public sealed class ThrottleGrainTests(ClusterFixture fixture)
{
    private IThrottleGrain FreshThrottle() => fixture.Grains.Ref<IThrottleGrain>("test:" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task TryAcquireAsync_UpToLimit_AllowsThenRefusesWithRetryAfterWithinWindow()
    {
        var throttle = FreshThrottle();
        var window = TimeSpan.FromMinutes(1);

        for (var i = 0; i < 3; i++) Assert.True((await throttle.TryAcquireAsync(3, window)).Allowed, $"attempt {i + 1}");
        var refused = await throttle.TryAcquireAsync(3, window);

        Assert.False(refused.Allowed);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(55), window);
    }

    [Fact]
    public async Task TryAcquireAsync_AfterRetryAfterHasPassed_AllowsAgain()
    {
        var throttle = FreshThrottle();
        var window = TimeSpan.FromMilliseconds(1200);
        Assert.True((await throttle.TryAcquireAsync(1, window)).Allowed);
        var refused = await throttle.TryAcquireAsync(1, window);
        Assert.False(refused.Allowed);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(1), window);

        await Task.Delay(refused.RetryAfter + TimeSpan.FromMilliseconds(50));

        Assert.True((await throttle.TryAcquireAsync(1, window)).Allowed);
    }

    [Fact]
    public async Task TryAcquireAsync_RefusedAttempts_AreNotCounted()
    {
        var throttle = FreshThrottle();
        var window = TimeSpan.FromMinutes(1);
        Assert.True((await throttle.TryAcquireAsync(2, window)).Allowed);
        Assert.True((await throttle.TryAcquireAsync(2, window)).Allowed);
        for (var i = 0; i < 5; i++) Assert.False((await throttle.TryAcquireAsync(2, window)).Allowed);

        Assert.True((await throttle.TryAcquireAsync(8, window)).Allowed);
        Assert.False((await throttle.CheckAsync(3, window)).Allowed);
        Assert.True((await throttle.CheckAsync(4, window)).Allowed);
    }

    [Fact]
    public async Task CheckAsync_NeverRecords_ButRecordAsyncAlwaysDoes()
    {
        var throttle = FreshThrottle();
        var window = TimeSpan.FromMinutes(1);

        for (var i = 0; i < 5; i++) Assert.True((await throttle.CheckAsync(1, window)).Allowed);
        await throttle.RecordAsync();
        await throttle.RecordAsync();

        Assert.False((await throttle.CheckAsync(2, window)).Allowed);
        Assert.True((await throttle.CheckAsync(3, window)).Allowed);
    }

    [Fact]
    public async Task ResetAsync_AfterLimitReached_AllowsAgain()
    {
        var throttle = FreshThrottle();
        var window = TimeSpan.FromMinutes(1);
        await throttle.TryAcquireAsync(1, window);
        Assert.False((await throttle.TryAcquireAsync(1, window)).Allowed);

        await throttle.ResetAsync();

        Assert.True((await throttle.TryAcquireAsync(1, window)).Allowed);
    }

    [Fact]
    public async Task TryAcquireAsync_TwoKeys_AreCountedSeparately()
    {
        var (first, second) = (FreshThrottle(), FreshThrottle());
        var window = TimeSpan.FromMinutes(1);
        Assert.True((await first.TryAcquireAsync(1, window)).Allowed);
        Assert.False((await first.TryAcquireAsync(1, window)).Allowed);

        Assert.True((await second.TryAcquireAsync(1, window)).Allowed);
    }
}
