using BitFaster.Caching.Lru;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Feeds;
using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.Grains.Feeds;

/// <summary>
/// The silo's cache of rendered feed items, shared by its feed grains: one SQL round per kind for the misses of a page,
/// then reused for <see cref="FeedOptions.CardTtl"/>. An item that may no longer be in any feed (deleted, private,
/// unlisted, not ready) is cached as null and left out: this is where deletions and visibility changes take effect at
/// read time, before (or without) the fan-out that removes them from the windows.
/// </summary>
public sealed class FeedCards(NpgsqlDataSource db, IOptions<FeedOptions> options, TimeProvider clock)
{
    private const int MaxCached = 200_000;
    private readonly FastConcurrentLru<Guid, Cached> _cache = new(MaxCached); // full: the least recently used go
    /// <summary>A class: the cache replaces an entry's value in place, and a two-field struct could be read half-written.</summary>
    private sealed record Cached(FeedCard? Card, long ExpiresAt);

    public async Task<Dictionary<Guid, FeedCard?>> GetAsync(IReadOnlyList<FeedEntry> entries)
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

    private async Task LoadPostsAsync(List<Guid> ids, Dictionary<Guid, FeedCard?> into)
    {
        var media = new Dictionary<Guid, List<PostImage>>();
        await using (var images = db.CreateCommand("""
            SELECT post_id, id, content_type, width, height FROM post_media
            WHERE post_id = ANY($1) AND deleted_at IS NULL ORDER BY post_id, position
            """))
        {
            Tx.AddParameters(images, ids.ToArray());
            await using var r = await images.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                var list = media.TryGetValue(r.GetGuid(0), out var l) ? l : media[r.GetGuid(0)] = [];
                list.Add(new PostImage(r.GetGuid(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4)));
            }
        }
        await using var cmd = db.CreateCommand("""
            SELECT p.id, p.author_id, a.username::text, p.text, p.visibility, p.created_at, p.deleted_at IS NOT NULL,
                   coalesce(c.likes, 0), coalesce(c.comments, 0), coalesce(c.bookmarks, 0), coalesce(c.views, 0)
            FROM posts p JOIN accounts a ON a.id = p.author_id LEFT JOIN content_counters c ON c.content_id = p.id
            WHERE p.id = ANY($1)
            """);
        Tx.AddParameters(cmd, ids.ToArray());
        await using var rows = await cmd.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            var (id, visibility) = (rows.GetGuid(0), rows.GetString(4));
            into[id] = FeedItems.PostFeedable(rows.GetBoolean(6), visibility)
                ? new FeedCard(id, FeedItemKind.Post, rows.GetGuid(1), rows.GetString(2), rows.GetFieldValue<DateTimeOffset>(5), visibility,
                    rows.GetString(3), null, null, media.GetValueOrDefault(id) ?? [], rows.GetInt64(7), rows.GetInt64(8), rows.GetInt64(9), rows.GetInt64(10))
                : null;
        }
    }

    private async Task LoadVideosAsync(List<Guid> ids, Dictionary<Guid, FeedCard?> into)
    {
        await using var cmd = db.CreateCommand("""
            SELECT v.id, v.owner_id, a.username::text, v.title, v.visibility, v.status, v.ready_at, v.deleted_at IS NOT NULL,
                   v.duration_seconds, coalesce(c.likes, 0), coalesce(c.comments, 0), coalesce(c.bookmarks, 0), coalesce(c.views, 0)
            FROM videos v JOIN accounts a ON a.id = v.owner_id LEFT JOIN content_counters c ON c.content_id = v.id
            WHERE v.id = ANY($1)
            """);
        Tx.AddParameters(cmd, ids.ToArray());
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var (id, visibility) = (r.GetGuid(0), r.GetString(4));
            into[id] = FeedItems.VideoFeedable(r.GetBoolean(7), r.GetString(5), visibility)
                ? new FeedCard(id, FeedItemKind.Video, r.GetGuid(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(6), visibility,
                    null, r.GetString(3), r.IsDBNull(8) ? null : r.GetDouble(8), [], r.GetInt64(9), r.GetInt64(10), r.GetInt64(11), r.GetInt64(12))
                : null;
        }
    }
}
