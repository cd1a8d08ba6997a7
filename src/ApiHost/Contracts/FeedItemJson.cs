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
        if (_cache.TryGetValue(card.Id, out var hit) && Same(hit.Card, card)) return hit.Json;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(FeedItemResponse.From(card), _options);
        if (_cache.Count >= MaxCached) _cache.Clear();
        _cache[card.Id] = (card, bytes);
        return bytes;
    }

    /// <summary>Record equality compares the image lists by reference; a card that crossed the wire has a new list.</summary>
    private static bool Same(FeedCard a, FeedCard b) =>
        ReferenceEquals(a.Media, b.Media) ? a == b : a with { Media = b.Media } == b && a.Media.SequenceEqual(b.Media);
}

/// <summary>`{"items": [...], "next_cursor": ...}` written from items already serialized (see <see cref="FeedItemJson"/>), in one write.</summary>
public sealed class FeedPageResult(IReadOnlyList<byte[]> items, string? nextCursor) : IResult
{
    public Task ExecuteAsync(HttpContext http)
    {
        var cursor = JsonSerializer.SerializeToUtf8Bytes(nextCursor);
        var page = new byte[Open.Length + items.Sum(i => i.Length + 1) + Close.Length + cursor.Length + 1];
        var at = Copy(Open, page, 0);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) page[at++] = (byte)',';
            at = Copy(items[i], page, at);
        }
        at = Copy(Close, page, at);
        at = Copy(cursor, page, at);
        page[at++] = (byte)'}';
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = at;
        return http.Response.Body.WriteAsync(page, 0, at, http.RequestAborted);
    }

    private static ReadOnlySpan<byte> Open => "{\"items\":["u8;
    private static ReadOnlySpan<byte> Close => "],\"next_cursor\":"u8;

    private static int Copy(ReadOnlySpan<byte> from, byte[] to, int at)
    {
        from.CopyTo(to.AsSpan(at));
        return at + from.Length;
    }
}
