using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Infrastructure.Caching;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Social;
using StackExchange.Redis;

namespace SocialFlow.Grains.Social;

/// <summary>
/// This silo's copies of accounts' blocked-either-way sets, so the visibility check on every like and GET of public
/// content needs no grain call (asking the owner's graph grain each time cost a fifth of the like path's throughput).
/// The graph grain whose blocks change calls <see cref="AnnouncedCache{TValue}.ChangedAsync"/>.
/// </summary>
public sealed class BlockLists(IGrainFactory grains, IConnectionMultiplexer redis, TimeProvider clock, ILogger<BlockLists> logger)
    : AnnouncedCache<HashSet<Guid>>("socialflow:blocks-changed", redis, clock, logger)
{
    /// <summary>Whether <paramref name="ownerId"/> and <paramref name="viewerId"/> block each other, either way.</summary>
    public async ValueTask<bool> BlockedAsync(Guid ownerId, Guid viewerId) => (await GetAsync(ownerId)).Contains(viewerId);

    protected override async Task<HashSet<Guid>> LoadAsync(Guid accountId) =>
        (await grains.Ref<ISocialGraphGrain>(accountId).GetBlockedEitherWayAsync()).ToHashSet();
}
