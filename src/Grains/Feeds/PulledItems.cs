using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Feeds;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Feeds;

/// <summary>
/// The recent items of authors above the push threshold, which feeds merge at read time instead of receiving them.
/// Cached per silo for <see cref="FeedOptions.PulledItemsTtl"/>, so their many followers share one query; concurrent
/// misses share one load.
/// </summary>
public sealed class PulledItems(RecentItemsReadModel items, IOptions<FeedOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, (Task<List<FeedEntry>> Items, long ExpiresAt)> _cache = new();

    public Task<List<FeedEntry>> RecentAsync(Guid authorId)
    {
        var now = clock.GetTimestamp();
        if (_cache.TryGetValue(authorId, out var hit) && hit.ExpiresAt > now && !hit.Items.IsFaulted) return hit.Items;
        var load = items.OfAuthorAsync(authorId, options.Value.Window);
        _cache[authorId] = (load, now + (long)(options.Value.PulledItemsTtl.TotalSeconds * clock.TimestampFrequency));
        return load;
    }
}
