using BitFaster.Caching.Lru;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Feeds;
using SocialFlow.Grains.ReadModels;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.Feeds;

/// <summary>
/// The silo's cache of rendered feed items, shared by its feed grains: one read per kind for the misses of a page
/// (<see cref="FeedCardReadModel"/>),
/// then reused for <see cref="FeedOptions.CardTtl"/>. An item that may no longer be in any feed (deleted, private,
/// unlisted, not ready) is cached as null and left out: this is where deletions and visibility changes take effect at
/// read time, before (or without) the fan-out that removes them from the windows. A suspended author's cards are left
/// out too, checked on every read against the silo's copy of standings (so a suspension or its end needs no fan-out).
/// </summary>
public sealed class FeedCards(FeedCardReadModel read, AccountStandings standings, IOptions<FeedOptions> options, TimeProvider clock)
{
    private const int MaxCached = 200_000;
    private readonly FastConcurrentLru<Guid, Cached> _cache = new(MaxCached); // full: the least recently used go
    /// <summary>A class: the cache replaces an entry's value in place, and a two-field struct could be read half-written.</summary>
    private sealed record Cached(FeedCard? Card, long ExpiresAt);

    public async Task<Dictionary<Guid, FeedCard?>> GetAsync(IReadOnlyList<FeedEntry> entries)
    {
        var found = await CardsAsync(entries);
        List<Guid>? hidden = null;
        foreach (var (id, card) in found)
        {
            if (card is not null && await standings.SuspendedAsync(card.AuthorId)) (hidden ??= []).Add(id);
        }
        foreach (var id in hidden ?? []) found[id] = null;
        return found;
    }

    private async Task<Dictionary<Guid, FeedCard?>> CardsAsync(IReadOnlyList<FeedEntry> entries)
    {
        var now = clock.GetTimestamp();
        var found = new Dictionary<Guid, FeedCard?>(entries.Count);
        List<Guid>? posts = null, videos = null;
        foreach (var e in entries)
        {
            if (_cache.TryGet(e.ItemId, out var hit) && hit.ExpiresAt > now) found[e.ItemId] = hit.Card;
            else (e.Kind == FeedItemKind.Post ? posts ??= [] : videos ??= []).Add(e.ItemId);
        }
        if (posts is null && videos is null) return found;
        var loaded = new Dictionary<Guid, FeedCard?>();
        if (posts is not null) await LoadPostsAsync(posts, loaded);
        if (videos is not null) await LoadVideosAsync(videos, loaded);
        var expires = now + (long)(options.Value.CardTtl.TotalSeconds * clock.TimestampFrequency);
        foreach (var id in (posts ?? []).Concat(videos ?? []))
        {
            var card = loaded.GetValueOrDefault(id);
            _cache.AddOrUpdate(id, new Cached(card, expires));
            found[id] = card;
        }
        return found;
    }

    private Task LoadPostsAsync(List<Guid> ids, Dictionary<Guid, FeedCard?> into) => read.LoadPostsAsync(ids, into);

    private Task LoadVideosAsync(List<Guid> ids, Dictionary<Guid, FeedCard?> into) => read.LoadVideosAsync(ids, into);
}
