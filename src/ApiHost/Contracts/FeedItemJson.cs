using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Feeds;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>
/// Feed items as JSON, each serialized once and reused while its card is unchanged: every follower of an author reads
/// the same items, and serializing 20 of them per page was the home feed's largest single cost.
/// </summary>
public sealed class FeedItemJson(IOptions<JsonOptions> json)
{
    private const int MaxCached = 100_000;
    private readonly ConcurrentDictionary<Guid, (FeedCard Card, byte[] Json)> _cache = new();
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    public byte[] Of(FeedCard card)
    {
        // A co-hosted silo hands over its cached card itself (FeedCard is immutable, so not copied): usually the same
        // object. An equal new one (reloaded after its TTL, or from another silo) replaces it, so the next hit is by reference.
        if (_cache.TryGetValue(card.Id, out var hit))
        {
            if (ReferenceEquals(hit.Card, card)) return hit.Json;
            if (Same(hit.Card, card))
            {
                _cache[card.Id] = (card, hit.Json);
                return hit.Json;
            }
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(FeedItemResponse.From(card), _options);
        if (_cache.Count >= MaxCached) _cache.Clear();
        _cache[card.Id] = (card, bytes);
        return bytes;
    }

    /// <summary>Record equality compares the image lists by reference; a card that crossed the wire has a new list.</summary>
    private static bool Same(FeedCard a, FeedCard b) =>
        ReferenceEquals(a.Media, b.Media) ? a == b : a with { Media = b.Media } == b && a.Media.SequenceEqual(b.Media);
}

/// <summary>`{"items": [...], "next_cursor": ...}` written from items already serialized (see <see cref="FeedItemJson"/>) straight into the response buffer.</summary>
public sealed class FeedPageResult(IReadOnlyList<byte[]> items, string? nextCursor) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var cursor = JsonSerializer.SerializeToUtf8Bytes(nextCursor);
        var length = Open.Length + Close.Length + cursor.Length + 1 + Math.Max(0, items.Count - 1);
        foreach (var item in items) length += item.Length;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = length;
        var writer = http.Response.BodyWriter;
        var page = writer.GetSpan(length);
        var at = Copy(Open, page, 0);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) page[at++] = (byte)',';
            at = Copy(items[i], page, at);
        }
        at = Copy(Close, page, at);
        at = Copy(cursor, page, at);
        page[at++] = (byte)'}';
        writer.Advance(at);
        await writer.FlushAsync(http.RequestAborted);
    }

    private static ReadOnlySpan<byte> Open => "{\"items\":["u8;
    private static ReadOnlySpan<byte> Close => "],\"next_cursor\":"u8;

    private static int Copy(ReadOnlySpan<byte> from, Span<byte> to, int at)
    {
        from.CopyTo(to[at..]);
        return at + from.Length;
    }
}
