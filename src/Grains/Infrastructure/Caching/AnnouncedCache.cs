using BitFaster.Caching.Lru;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SocialFlow.Grains.Infrastructure.Caching;

/// <summary>
/// A silo's copies of per-account values whose owning grain is the single writer, so hot paths read them without a
/// grain call. Kept exact: the owning grain calls <see cref="ChangedAsync"/> before it acknowledges a change, which drops
/// this silo's copy and announces the account on a Redis channel; every silo (and anything else listening) drops its
/// copy on receipt. Every copy also expires after <see cref="MaxAge"/>, the bound should an announcement be lost, and a
/// load that overlapped a change is not kept (a per-account generation). Full, the least recently used go.
/// </summary>
public abstract class AnnouncedCache<TValue>(string channel, IConnectionMultiplexer redis, TimeProvider clock, ILogger logger) : IHostedService
    where TValue : class
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private const int MaxAccounts = 100_000;
    private readonly RedisChannel _channel = RedisChannel.Literal(channel);
    private readonly FastConcurrentLru<Guid, Entry> _accounts = new(MaxAccounts);

    protected TimeProvider Clock { get; } = clock;

    private sealed class Entry
    {
        public long Generation;
        public TValue? Value;
        public long LoadedAt;
    }

    /// <summary>Reads the account's value from its owning grain (on a miss or an expired copy).</summary>
    protected abstract Task<TValue> LoadAsync(Guid accountId);

    protected async ValueTask<TValue> GetAsync(Guid accountId)
    {
        var entry = _accounts.GetOrAdd(accountId, static _ => new Entry());
        var now = Clock.GetTimestamp();
        if (Volatile.Read(ref entry.Value) is { } known && Clock.GetElapsedTime(Volatile.Read(ref entry.LoadedAt), now) < MaxAge) return known;
        var generation = Volatile.Read(ref entry.Generation);
        var loaded = await LoadAsync(accountId);
        if (Volatile.Read(ref entry.Generation) == generation)
        {
            Volatile.Write(ref entry.LoadedAt, now);
            Volatile.Write(ref entry.Value, loaded);
        }
        return loaded;
    }

    /// <summary>Called by the owning grain when the account's value changed, before it acknowledges the change: this silo
    /// forgets at once, the others on receipt.</summary>
    public async Task ChangedAsync(Guid accountId)
    {
        Forget(accountId);
        try
        {
            await redis.GetSubscriber().PublishAsync(_channel, accountId.ToString());
        }
        catch (RedisException e)
        {
            logger.LogWarning("Could not announce a change on {Channel} ({Error}); other copies expire within {MaxAge}", channel, e.Message, MaxAge);
        }
    }

    private void Forget(Guid accountId)
    {
        if (!_accounts.TryGet(accountId, out var entry)) return;
        Interlocked.Increment(ref entry.Generation);
        Volatile.Write(ref entry.Value, null);
    }

    public async Task StartAsync(CancellationToken ct)
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(_channel, OnAnnounced);
        }
        catch (RedisException e)
        {
            logger.LogError("Changes announced on {Channel} cannot be received ({Error}); copies here expire within {MaxAge}", channel, e.Message, MaxAge);
        }
    }

    /// <summary>Removes this handler only: others in the process (a co-hosted API host's session cache) may listen on the
    /// same channel and connection.</summary>
    public Task StopAsync(CancellationToken ct) => redis.GetSubscriber().UnsubscribeAsync(_channel, OnAnnounced);

    private void OnAnnounced(RedisChannel _, RedisValue message)
    {
        if (Guid.TryParse(message.ToString(), out var accountId)) Forget(accountId);
    }
}
