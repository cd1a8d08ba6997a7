using System.Text;
using Microsoft.Net.Http.Headers;

namespace SocialFlow.ApiHost.Hosting;

/// <summary>
/// Refuses a body whose Content-Type names a charset .NET cannot decode, with a 415 problem, before any endpoint reads
/// it: the framework's JSON reader throws InvalidOperationException for it, which would be a 500. A quoted charset
/// (<c>charset="utf-8"</c>, valid HTTP) is unquoted for the reader, which only knows bare names.
/// </summary>
public sealed class RequestCharsetMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (http.Request.ContentType is not { } contentType || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || mediaType.Charset.Value is not { } charset)
        {
            return next(http);
        }
        var bare = charset.Length >= 2 && charset[0] == '"' && charset[^1] == '"' ? charset[1..^1] : charset;
        if (!IsKnown(bare))
        {
            return Problems.WriteAsync(http, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                "The charset of the Content-Type is not supported; send UTF-8.");
        }
        if (bare.Length != charset.Length)
        {
            mediaType.Charset = bare;
            http.Request.ContentType = mediaType.ToString();
        }
        return next(http);
    }

    private static bool IsKnown(string charset)
    {
        try
        {
            Encoding.GetEncoding(charset);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
