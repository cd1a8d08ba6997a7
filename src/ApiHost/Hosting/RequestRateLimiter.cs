using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Auth;

namespace SocialFlow.ApiHost.Hosting;

public sealed class RateLimitOptions
{
    public const string Section = "SocialFlow:RateLimits";
    [Range(1, 1_000_000)] public int PerUserPerSecond { get; set; } = 100;
    [Range(1, 1_000_000)] public int PerUserBurst { get; set; } = 400;
    [Range(1, 1_000_000)] public int PerIpPerSecond { get; set; } = 50;
    [Range(1, 1_000_000)] public int PerIpBurst { get; set; } = 200;
}

/// <summary>
/// A token bucket per signed-in user, or per IP address for anonymous calls. Buckets refill lazily from the clock
/// when they are used, so there is no timer walking every bucket (the framework's partitioned limiter did that ten
/// times a second, which cost more than the limiting itself with 10,000 users); idle buckets are dropped once a minute.
/// </summary>
public sealed class RequestRateLimiter(IOptions<RateLimitOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<Guid, Bucket> _users = new();
    private readonly ConcurrentDictionary<IPAddress, Bucket> _addresses = new();
    private readonly RateLimitOptions _limits = options.Value;
    private long _lastSweep = clock.GetTimestamp();

    /// <summary>Null when the request may go ahead; otherwise how long to wait before the next one is allowed.</summary>
    public TimeSpan? TryAcquire(Guid? userId, IPAddress? address)
    {
        var now = clock.GetTimestamp();
        SweepIfDue(now);
        return userId is { } user
            ? _users.GetOrAdd(user, static _ => new Bucket()).TryTake(now, _limits.PerUserPerSecond, _limits.PerUserBurst, clock)
            : _addresses.GetOrAdd(address ?? IPAddress.None, static _ => new Bucket()).TryTake(now, _limits.PerIpPerSecond, _limits.PerIpBurst, clock);
    }

    private void SweepIfDue(long now)
    {
        var last = Volatile.Read(ref _lastSweep);
        if (clock.GetElapsedTime(last, now) < SweepEvery || Interlocked.CompareExchange(ref _lastSweep, now, last) != last) return;
        foreach (var (key, bucket) in _users) if (bucket.IdleSince(now, clock) >= SweepEvery) _users.TryRemove(key, out _);
        foreach (var (key, bucket) in _addresses) if (bucket.IdleSince(now, clock) >= SweepEvery) _addresses.TryRemove(key, out _);
    }

    private sealed class Bucket
    {
        private readonly Lock _gate = new();
        private double _tokens = double.NaN; // full on first use
        private long _updated;

        public TimeSpan? TryTake(long now, int perSecond, int burst, TimeProvider clock)
        {
            lock (_gate)
            {
                _tokens = double.IsNaN(_tokens) ? burst : Math.Min(burst, _tokens + clock.GetElapsedTime(_updated, now).TotalSeconds * perSecond);
                _updated = now;
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return null;
                }
                return TimeSpan.FromSeconds((1 - _tokens) / perSecond);
            }
        }

        public TimeSpan IdleSince(long now, TimeProvider clock) => clock.GetElapsedTime(Volatile.Read(ref _updated), now);
    }
}

/// <summary>Answers 429 with Retry-After over the limit; endpoints marked DisableRateLimiting (health) are exempt.</summary>
public sealed class RateLimitMiddleware(RequestDelegate next, RequestRateLimiter limiter, ApiMetrics metrics)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null) return next(http);
        var userId = http.User is AccessTokenPrincipal token ? token.UserIdValue : (Guid?)null;
        if (limiter.TryAcquire(userId, http.Connection.RemoteIpAddress) is { } retryAfter)
        {
            metrics.RateLimitRefusals.Add(1, new KeyValuePair<string, object?>("limit", userId is null ? "per_ip" : "per_user"));
            return Problems.WriteAsync(http, StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests; slow down.", retryAfter);
        }
        return next(http);
    }
}
