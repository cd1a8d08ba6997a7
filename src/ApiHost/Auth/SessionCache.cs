using System.Collections.Concurrent;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Users;
using StackExchange.Redis;

namespace SocialFlow.ApiHost.Auth;

/// <summary>
/// Remembers for a short while that a session is active, so an authenticated request does not ask the user grain
/// every time. Whatever ends a session goes through an API endpoint, which calls <see cref="ForgetUserAsync"/>:
/// that host forgets the user at once and tells the other API hosts through Redis, so revocation stays immediate.
/// A per-user generation stops a check that was already running during a revocation from caching a stale "active".
/// A token that claims a privileged role (moderator, admin) is never answered from the cache: the user grain confirms
/// on every request that the account still holds it, so a revoked role stops working at once on every API host.
/// </summary>
public sealed class SessionCache : IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("socialflow:sessions-ended");
    private readonly ConcurrentDictionary<Guid, UserEntry> _users = new();
    private readonly IGrainFactory _grains;
    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _clock;
    private TimeSpan _ttl;
    private readonly ILogger<SessionCache> _logger;

    public SessionCache(IGrainFactory grains, IConnectionMultiplexer redis, TimeProvider clock, IConfiguration configuration, ILogger<SessionCache> logger)
    {
        (_grains, _redis, _clock, _logger) = (grains, redis, clock, logger);
        _ttl = configuration.GetValue("SocialFlow:Jwt:SessionCheckCacheTime", TimeSpan.FromSeconds(30));
    }

    /// <summary>Subscribes at start-up, asynchronously: never on a request's path.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        try
        {
            await _redis.GetSubscriber().SubscribeAsync(Channel, (_, message) =>
            {
                if (Guid.TryParse(message.ToString(), out var userId)) Forget(userId);
            });
        }
        catch (RedisException e)
        {
            // Without the subscription this host cannot hear other hosts' revocations: cache nothing rather than serve stale answers.
            _logger.LogError("Session revocations from other API hosts cannot be received ({Error}); the session check is not cached", e.Message);
            _ttl = TimeSpan.Zero;
        }
    }

    public Task StopAsync(CancellationToken ct) => _redis.GetSubscriber().UnsubscribeAsync(Channel);

    public Task<bool> IsActiveAsync(AccessTokenPrincipal token) =>
        token.PrivilegedRoles.Length > 0
            ? _grains.Ref<IUserGrain>(token.UserIdValue).IsSessionAuthorizedAsync(token.SessionIdValue, token.PrivilegedRoles)
            : IsActiveAsync(token.UserIdValue, token.SessionIdValue);

    public async Task<bool> IsActiveAsync(Guid userId, Guid sessionId)
    {
        var entry = _users.GetOrAdd(userId, _ => new UserEntry());
        var now = _clock.GetUtcNow();
        if (_ttl > TimeSpan.Zero && entry.Sessions.TryGetValue(sessionId, out var until) && until > now) return true;
        var generation = entry.Generation;
        var active = await _grains.Ref<IUserGrain>(userId).IsSessionActiveAsync(sessionId);
        if (active && _ttl > TimeSpan.Zero && Volatile.Read(ref entry.Generation) == generation)
        {
            entry.Sessions[sessionId] = now + _ttl;
        }
        return active;
    }

    /// <summary>Call after anything that may have ended one of the user's sessions.</summary>
    public async Task ForgetUserAsync(Guid userId)
    {
        Forget(userId);
        try
        {
            await _redis.GetSubscriber().PublishAsync(Channel, userId.ToString());
        }
        catch (RedisException e)
        {
            // Other hosts then keep a cached "active" for at most the cache time.
            _logger.LogWarning("Could not announce ended sessions to other API hosts: {Error}", e.Message);
        }
    }

    private void Forget(Guid userId)
    {
        if (_users.TryRemove(userId, out var entry)) Interlocked.Increment(ref entry.Generation);
    }

    private sealed class UserEntry
    {
        public long Generation;
        public readonly ConcurrentDictionary<Guid, DateTimeOffset> Sessions = new();
    }
}
