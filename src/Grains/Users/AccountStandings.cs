using BitFaster.Caching.Lru;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;
using StackExchange.Redis;

namespace SocialFlow.Grains.Users;

/// <summary>
/// This silo's copies of accounts' standings, so that content grains and directories can hide a suspended (or, from
/// discovery, a limited) account's things without a grain call per check. Kept as BlockLists keeps block sets: the
/// user grain drops its account's copy here before a change is acknowledged and announces it on
/// <see cref="AccountAnnouncements.Channel"/> (which the API hosts' session caches also hear), other silos drop theirs
/// on receipt, and every copy expires after <see cref="MaxAge"/>, the bound should an announcement be lost. A sanction
/// that ends by its time needs no announcement: each check compares its end with the clock.
/// </summary>
public sealed class AccountStandings(IGrainFactory grains, IConnectionMultiplexer redis, TimeProvider clock, ILogger<AccountStandings> logger) : IHostedService
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private const int MaxAccounts = 100_000;
    private static readonly RedisChannel Channel = RedisChannel.Literal(AccountAnnouncements.Channel);
    private static readonly AccountStatus Active = new(AccountStanding.Active, null, null);
    private readonly FastConcurrentLru<Guid, Entry> _accounts = new(MaxAccounts); // full: the least recently used go

    private sealed class Entry
    {
        public long Generation;
        public AccountStatus? Status;
        public long LoadedAt;
    }

    /// <summary>Suspended now: the account's profile and content are hidden from everyone else.</summary>
    public async ValueTask<bool> SuspendedAsync(Guid accountId) => IsSuspended(await StatusAsync(accountId), clock.GetUtcNow());

    /// <summary>Left out of discovery now (public lists, hashtags, live now, non-followers' feeds): limited or suspended.</summary>
    public async ValueTask<bool> HiddenFromDiscoveryAsync(Guid accountId)
    {
        var (s, now) = (await StatusAsync(accountId), clock.GetUtcNow());
        return IsSuspended(s, now) || (s.Standing == AccountStanding.Limited && InForce(s.Until, now)) || s.LimitedUntil > now;
    }

    private static bool IsSuspended(AccountStatus s, DateTimeOffset now) => s.Standing == AccountStanding.Suspended && InForce(s.Until, now);

    /// <summary>A sanction with this end is in force at <paramref name="now"/>: for good (no end) or ending later.</summary>
    private static bool InForce(DateTimeOffset? until, DateTimeOffset now) => until is not { } end || end > now;

    private async ValueTask<AccountStatus> StatusAsync(Guid accountId)
    {
        var entry = _accounts.GetOrAdd(accountId, static _ => new Entry());
        var now = clock.GetTimestamp();
        if (Volatile.Read(ref entry.Status) is { } known && clock.GetElapsedTime(Volatile.Read(ref entry.LoadedAt), now) < MaxAge) return known;
        var generation = Volatile.Read(ref entry.Generation);
        var loaded = await grains.Ref<IUserGrain>(accountId).GetStatusAsync() ?? Active;
        if (Volatile.Read(ref entry.Generation) == generation)
        {
            Volatile.Write(ref entry.LoadedAt, now);
            Volatile.Write(ref entry.Status, loaded);
        }
        return loaded;
    }

    /// <summary>Called by the account's user grain when its roles or standing changed, before it acknowledges the change:
    /// this silo forgets at once, the other silos and every API host on receipt.</summary>
    public async Task ChangedAsync(Guid accountId)
    {
        Forget(accountId);
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, accountId.ToString());
        }
        catch (RedisException e)
        {
            logger.LogWarning("Could not announce an account change ({Error}); other silos' copies expire within {MaxAge}, API hosts' within their cache time", e.Message, MaxAge);
        }
    }

    private void Forget(Guid accountId)
    {
        if (!_accounts.TryGet(accountId, out var entry)) return;
        Interlocked.Increment(ref entry.Generation);
        Volatile.Write(ref entry.Status, null);
    }

    public async Task StartAsync(CancellationToken ct)
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(Channel, OnAnnounced);
        }
        catch (RedisException e)
        {
            logger.LogError("Account changes from other silos cannot be received ({Error}); copies here expire within {MaxAge}", e.Message, MaxAge);
        }
    }

    /// <summary>Removes this handler only: a co-hosted API host's session cache listens on the same channel and connection.</summary>
    public Task StopAsync(CancellationToken ct) => redis.GetSubscriber().UnsubscribeAsync(Channel, OnAnnounced);

    private void OnAnnounced(RedisChannel channel, RedisValue message)
    {
        if (Guid.TryParse(message.ToString(), out var accountId)) Forget(accountId);
    }
}
