using System.Text.RegularExpressions;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces.Media;

namespace SocialFlow.ApiHost.Videos;

/// <summary>Streams a media file, whole or one byte range (RFC 9110: 206 with Content-Range, 416 when unsatisfiable).</summary>
public static partial class RangeResponder
{
    public static async Task<IResult> SendAsync(HttpContext http, IMediaFiles media, MediaFile file, string contentType, string cacheControl)
    {
        if (await media.GetLengthAsync(file, http.RequestAborted) is not { } length) return Problems.NotFound("file");
        var response = http.Response;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.CacheControl = cacheControl;
        long from = 0, count = length;
        if (ParseRange(http.Request.Headers.Range.ToString(), length) is { } range)
        {
            if (range.From < 0)
            {
                response.Headers.ContentRange = $"bytes */{length}";
                return Problems.Result(416, "range_not_satisfiable", $"The object has {length} bytes.");
            }
            (from, count) = (range.From, range.To - range.From + 1);
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {from}-{range.To}/{length}";
        }
        await using var stream = await media.OpenReadAsync(file, from, count, http.RequestAborted);
        if (stream is null) return Problems.NotFound("file");
        response.ContentType = contentType;
        response.ContentLength = count;
        if (!HttpMethods.IsHead(http.Request.Method)) await stream.CopyToAsync(response.Body, 64 * 1024, http.RequestAborted);
        return Results.Empty;
    }

    /// <summary>Documents what <see cref="SendAsync"/> answers: the whole file (200) or a range (206) of these types, or 416.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder route, string contentType, params string[] more) => route
        .Produces(StatusCodes.Status200OK, typeof(Stream), contentType, more)
        .Produces(StatusCodes.Status206PartialContent, typeof(Stream), contentType, more)
        .ProducesProblem(StatusCodes.Status416RangeNotSatisfiable);

    /// <summary>One "bytes=a-b", "bytes=a-" or "bytes=-n" range; null for none or several (served whole); From -1 when unsatisfiable.</summary>
    private static (long From, long To)? ParseRange(string header, long length)
    {
        var m = RangePattern().Match(header);
        if (!m.Success) return null;
        var (a, b) = (m.Groups[1].Value, m.Groups[2].Value);
        if (a.Length == 0 && b.Length == 0) return null;
        if (!long.TryParse(a.Length == 0 ? "0" : a, out var first) || !long.TryParse(b.Length == 0 ? "0" : b, out var second)) return null;
        if (a.Length == 0) return second == 0 ? (-1, -1) : (Math.Max(0, length - second), length - 1);
        if (first >= length) return (-1, -1);
        var last = b.Length == 0 ? length - 1 : Math.Min(second, length - 1);
        return last < first ? null : (first, last);
    }

    [GeneratedRegex(@"^bytes=(\d*)-(\d*)$")]
    private static partial Regex RangePattern();
}
