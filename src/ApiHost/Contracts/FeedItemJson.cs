using System.Runtime.CompilerServices;
using System.Text.Json;
using BitFaster.Caching.Lru;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Feeds;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>
/// Feed items as JSON, each serialized once and reused while its card is unchanged: every follower of an author reads
/// the same items, and serializing 20 of them per page was the home feed's largest single cost.
/// </summary>
public sealed class FeedItemJson(IOptions<JsonOptions> json)
{
    private const int MaxCached = 100_000;
    private readonly FastConcurrentLru<Guid, Serialized> _cache = new(MaxCached); // full: the least recently used go
    /// <summary>A class: the cache replaces an entry's value in place, and a two-field struct could be read half-written.</summary>
    private sealed record Serialized(FeedCard Card, byte[] Json);
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;
    private readonly ConditionalWeakTable<FeedPage, byte[]> _pages = new();

    /// <summary>
    /// The whole page's JSON; a page the feed grain reused (the same object: immutable, so a co-hosted silo does not
    /// copy it) is written again from these bytes.
    /// </summary>
    public byte[] PageOf(FeedPage page) => _pages.GetValue(page, p => FeedPageJson.Write(p.Items.Select(Of).ToList(), PageCursorCodec.Encode(p.Next)));

    /// <summary>A page with items this reader may not see whole: those are written locked, for this reader only (never cached).</summary>
    public byte[] PageOf(FeedPage page, IReadOnlyDictionary<Guid, AccessDecision> refused) => FeedPageJson.Write(
        page.Items.Select(c => refused.TryGetValue(c.Id, out var refusal)
            ? JsonSerializer.SerializeToUtf8Bytes(FeedItemResponse.LockedFrom(c, refusal), _options) : Of(c)).ToList(),
        PageCursorCodec.Encode(page.Next));

    public byte[] Of(FeedCard card)
    {
        // A co-hosted silo hands over its cached card itself (FeedCard is immutable, so not copied): usually the same
        // object. An equal new one (reloaded after its TTL, or from another silo) replaces it, so the next hit is by reference.
        if (_cache.TryGet(card.Id, out var hit))
        {
            if (ReferenceEquals(hit.Card, card)) return hit.Json;
            if (Same(hit.Card, card))
            {
                _cache.AddOrUpdate(card.Id, new Serialized(card, hit.Json));
                return hit.Json;
            }
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(FeedItemResponse.From(card), _options);
        _cache.AddOrUpdate(card.Id, new Serialized(card, bytes));
        return bytes;
    }

    /// <summary>Record equality compares the image lists by reference; a card that crossed the wire has a new list.</summary>
    private static bool Same(FeedCard a, FeedCard b) =>
        ReferenceEquals(a.Media, b.Media) ? a == b : a with { Media = b.Media } == b && a.Media.SequenceEqual(b.Media);
}

/// <summary>`{"items": [...], "next_cursor": ...}` assembled from items already serialized (see <see cref="FeedItemJson"/>).</summary>
public static class FeedPageJson
{
    public static byte[] Write(IReadOnlyList<byte[]> items, string? nextCursor)
    {
        var cursor = JsonSerializer.SerializeToUtf8Bytes(nextCursor);
        var length = Open.Length + Close.Length + cursor.Length + 1 + Math.Max(0, items.Count - 1);
        foreach (var item in items) length += item.Length;
        var page = new byte[length];
        var at = Copy(Open, page, 0);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) page[at++] = (byte)',';
            at = Copy(items[i], page, at);
        }
        at = Copy(Close, page, at);
        at = Copy(cursor, page, at);
        page[at] = (byte)'}';
        return page;
    }

    private static ReadOnlySpan<byte> Open => "{\"items\":["u8;
    private static ReadOnlySpan<byte> Close => "],\"next_cursor\":"u8;

    private static int Copy(ReadOnlySpan<byte> from, Span<byte> to, int at)
    {
        from.CopyTo(to[at..]);
        return at + from.Length;
    }
}

/// <summary>A page's JSON, written as it is.</summary>
public sealed class JsonBytesResult(byte[] json) : IResult
{
    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = json.Length;
        return http.Response.Body.WriteAsync(json, 0, json.Length, http.RequestAborted);
    }
}
