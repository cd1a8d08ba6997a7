using BitFaster.Caching.Lru;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Social;
using StackExchange.Redis;

namespace SocialFlow.Grains.Social;

/// <summary>
/// This silo's copies of accounts' blocked-either-way sets, so the visibility check on every like and GET of public
/// content needs no grain call (asking the owner's graph grain each time cost a fifth of the like path's throughput).
/// Kept exact: a graph grain whose blocks change drops its account's copy in its own silo before the change is
/// acknowledged and announces it through Redis to the other silos, which drop theirs on receipt; every copy also
/// expires after <see cref="MaxAge"/>, the bound should an announcement be lost. A load that overlapped a change is
/// not kept (per-account generation).
/// </summary>
public sealed class BlockLists(IGrainFactory grains, IConnectionMultiplexer redis, TimeProvider clock, ILogger<BlockLists> logger) : IHostedService
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private const int MaxAccounts = 100_000;
    private static readonly RedisChannel Channel = RedisChannel.Literal("socialflow:blocks-changed");
    private readonly FastConcurrentLru<Guid, Entry> _accounts = new(MaxAccounts); // full: the least recently used go

    private sealed class Entry
    {
        public long Generation;
        public HashSet<Guid>? Blocked;
        public long LoadedAt;
    }

    /// <summary>Whether <paramref name="ownerId"/> and <paramref name="viewerId"/> block each other, either way.</summary>
    public async ValueTask<bool> BlockedAsync(Guid ownerId, Guid viewerId)
    {
        var entry = _accounts.GetOrAdd(ownerId, static _ => new Entry());
        var now = clock.GetTimestamp();
        if (Volatile.Read(ref entry.Blocked) is { } known && clock.GetElapsedTime(Volatile.Read(ref entry.LoadedAt), now) < MaxAge)
        {
            return known.Contains(viewerId);
        }
        var generation = Volatile.Read(ref entry.Generation);
        var loaded = (await grains.Ref<ISocialGraphGrain>(ownerId).GetBlockedEitherWayAsync()).ToHashSet();
        if (Volatile.Read(ref entry.Generation) == generation)
        {
            Volatile.Write(ref entry.LoadedAt, now);
            Volatile.Write(ref entry.Blocked, loaded);
        }
        return loaded.Contains(viewerId);
    }

    /// <summary>Called by the account's graph grain when its blocks changed, before it acknowledges the change.</summary>
    public async Task ChangedAsync(Guid accountId)
    {
        Forget(accountId);
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, accountId.ToString());
        }
        catch (RedisException e)
        {
            logger.LogWarning("Could not announce a block change to other silos ({Error}); their copies expire within {MaxAge}", e.Message, MaxAge);
        }
    }

    private void Forget(Guid accountId)
    {
        if (!_accounts.TryGet(accountId, out var entry)) return;
        Interlocked.Increment(ref entry.Generation);
        Volatile.Write(ref entry.Blocked, null);
    }

    public async Task StartAsync(CancellationToken ct)
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(Channel, (_, message) =>
            {
                if (Guid.TryParse(message.ToString(), out var accountId)) Forget(accountId);
            });
        }
        catch (RedisException e)
        {
            logger.LogError("Block changes from other silos cannot be received ({Error}); copies here expire within {MaxAge}", e.Message, MaxAge);
        }
    }

    public Task StopAsync(CancellationToken ct) => redis.GetSubscriber().UnsubscribeAsync(Channel);
}
