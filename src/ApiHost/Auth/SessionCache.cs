using System.Collections.Concurrent;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Users;
using StackExchange.Redis;

namespace SocialFlow.ApiHost.Auth;

/// <summary>
/// Remembers for a short while the user grain's answer for a session (active, and the account's roles now), so an
/// authenticated request does not ask the grain every time. Whatever changes the answer announces the account on
/// <see cref="AccountAnnouncements.Channel"/>: API endpoints that end sessions (<see cref="ForgetUserAsync"/>) and the
/// user grain itself when roles or standing change (so `make admin`, a cluster client, counts at once too). Every host
/// forgets the user on receipt. A per-user generation stops a check that was already running during a change from
/// caching a stale answer. An account holding a privileged role (moderator, admin), or a token claiming one, is never
/// answered from the cache.
/// </summary>
public sealed class SessionCache : IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal(AccountAnnouncements.Channel);
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
            await _redis.GetSubscriber().SubscribeAsync(Channel, OnAnnounced);
        }
        catch (RedisException e)
        {
            // Without the subscription this host cannot hear other hosts' revocations: cache nothing rather than serve stale answers.
            _logger.LogError("Session revocations from other API hosts cannot be received ({Error}); the session check is not cached", e.Message);
            _ttl = TimeSpan.Zero;
        }
    }

    /// <summary>Removes this cache's handler only: the silo co-hosted here listens on the same channel and connection.</summary>
    public Task StopAsync(CancellationToken ct) => _redis.GetSubscriber().UnsubscribeAsync(Channel, OnAnnounced);

    private void OnAnnounced(RedisChannel channel, RedisValue message)
    {
        if (Guid.TryParse(message.ToString(), out var userId)) Forget(userId);
    }

    /// <summary>A token that claims a privileged role is always asked of the grain too (as is an account holding one), so
    /// a token minted just after a grant never meets an answer cached before it.</summary>
    public Task<SessionCheck> CheckAsync(AccessTokenPrincipal token) =>
        AccountRoles.AnyPrivileged(token.Roles)
            ? _grains.Ref<IUserGrain>(token.UserIdValue).CheckSessionAsync(token.SessionIdValue)
            : CheckAsync(token.UserIdValue, token.SessionIdValue);

    public async Task<SessionCheck> CheckAsync(Guid userId, Guid sessionId)
    {
        var entry = _users.GetOrAdd(userId, _ => new UserEntry());
        var now = _clock.GetUtcNow();
        if (_ttl > TimeSpan.Zero && entry.Sessions.TryGetValue(sessionId, out var cached) && cached.Until > now) return cached.Check;
        var generation = Volatile.Read(ref entry.Generation);
        var check = await _grains.Ref<IUserGrain>(userId).CheckSessionAsync(sessionId);
        if (check.Active && !check.Privileged && _ttl > TimeSpan.Zero && Volatile.Read(ref entry.Generation) == generation)
        {
            entry.Sessions[sessionId] = (now + _ttl, check);
        }
        return check;
    }

    public async Task<bool> IsActiveAsync(Guid userId, Guid sessionId) => (await CheckAsync(userId, sessionId)).Active;

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
        public readonly ConcurrentDictionary<Guid, (DateTimeOffset Until, SessionCheck Check)> Sessions = new();
    }
}
