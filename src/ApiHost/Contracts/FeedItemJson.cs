using System.Collections.Concurrent;
using System.IO.Pipelines;
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

/// <summary>`{"items": [...], "next_cursor": ...}` written from items already serialized (see <see cref="FeedItemJson"/>).</summary>
public sealed class FeedPageResult(IReadOnlyList<byte[]> items, string? nextCursor) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = http.Response.BodyWriter;
        Write(body, "{\"items\":["u8);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) Write(body, ","u8);
            Write(body, items[i]);
        }
        Write(body, "],\"next_cursor\":"u8);
        Write(body, JsonSerializer.SerializeToUtf8Bytes(nextCursor));
        Write(body, "}"u8);
        await body.FlushAsync(http.RequestAborted);
    }

    private static void Write(PipeWriter body, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(body.GetSpan(bytes.Length));
        body.Advance(bytes.Length);
    }
}
