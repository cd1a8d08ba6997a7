using BitFaster.Caching.Lru;

namespace SocialFlow.Grains.Tests.Caching;

/// <summary>
/// The bounded caches of the hosts and grains (content kinds, usernames, feed cards and their JSON, viewer states,
/// follower answers) are FastConcurrentLru: when full, the least recently used entries go, one at a time. A busy host
/// keeps its working set instead of dropping everything at once as the Clear()-when-full bound did.
/// </summary>
public sealed class RecentlyUsedCacheTests
{
    [Fact]
    public void FullCache_Insert_EvictsAnEntryNotReadRatherThanOneJustRead()
    {
        var cache = new FastConcurrentLru<Guid, int>(100);
        var ids = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids) cache.AddOrUpdate(id, 0);
        Assert.True(cache.TryGet(ids[0], out _)); // the oldest, read now

        for (var i = 0; i < 100; i++) cache.AddOrUpdate(Guid.NewGuid(), 1);

        Assert.True(cache.TryGet(ids[0], out _));
        Assert.False(cache.TryGet(ids[1], out _)); // as old, never read: gone
        Assert.Equal(100, cache.Count);
    }

    [Fact]
    public void FullCache_StreamOfNewEntries_KeepsTheWorkingSetReadBetweenThem()
    {
        const int capacity = 2_000; // as ContentGrain's viewer states
        var cache = new FastConcurrentLru<Guid, int>(capacity);
        for (var i = 0; i < capacity; i++) cache.AddOrUpdate(Guid.NewGuid(), 0);
        var working = Enumerable.Range(0, capacity / 10).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in working) cache.AddOrUpdate(id, 1);

        for (var round = 0; round < 20; round++)
        {
            foreach (var id in working) cache.TryGet(id, out _);
            for (var i = 0; i < capacity / 2; i++) cache.AddOrUpdate(Guid.NewGuid(), 0); // ten times the capacity in all
            Assert.All(working, id => Assert.True(cache.TryGet(id, out _)));
            Assert.True(cache.Count <= capacity, $"{cache.Count} entries in a cache of {capacity}");
        }
    }
}
