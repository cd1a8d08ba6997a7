using System.Net;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests;

public sealed class RequestRateLimiterTests
{
    private readonly ManualClock _clock = new(DateTimeOffset.UnixEpoch);
    private readonly RequestRateLimiter _limiter;

    public RequestRateLimiterTests() => _limiter = new RequestRateLimiter(
        Options.Create(new RateLimitOptions { PerUserPerSecond = 2, PerUserBurst = 3, PerIpPerSecond = 1, PerIpBurst = 1 }), _clock);

    [Fact]
    public void User_GetsTheBurst_ThenWaitsForTheRefill()
    {
        var user = Guid.NewGuid();
        for (var i = 0; i < 3; i++) Assert.Null(_limiter.TryAcquire(user, IPAddress.Loopback));
        var wait = _limiter.TryAcquire(user, IPAddress.Loopback);
        Assert.Equal(TimeSpan.FromSeconds(0.5), wait);
        _clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Null(_limiter.TryAcquire(user, IPAddress.Loopback));
        Assert.NotNull(_limiter.TryAcquire(user, IPAddress.Loopback));
    }

    [Fact]
    public void Users_AndAddresses_HaveBucketsOfTheirOwn()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        for (var i = 0; i < 3; i++) _limiter.TryAcquire(first, IPAddress.Loopback);
        Assert.NotNull(_limiter.TryAcquire(first, IPAddress.Loopback));
        Assert.Null(_limiter.TryAcquire(second, IPAddress.Loopback));
        // Anonymous calls count per address, apart from the signed-in users behind it.
        Assert.Null(_limiter.TryAcquire(null, IPAddress.Loopback));
        Assert.Equal(TimeSpan.FromSeconds(1), _limiter.TryAcquire(null, IPAddress.Loopback));
        Assert.Null(_limiter.TryAcquire(null, IPAddress.IPv6Loopback));
    }

    [Fact]
    public void IdleBucket_RefillsToTheBurst_NotBeyond()
    {
        var user = Guid.NewGuid();
        _limiter.TryAcquire(user, null);
        _clock.Advance(TimeSpan.FromMinutes(5)); // also past a sweep, which drops the idle bucket
        for (var i = 0; i < 3; i++) Assert.Null(_limiter.TryAcquire(user, null));
        Assert.NotNull(_limiter.TryAcquire(user, null));
    }
}
