using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace SocialFlow.ApiHost.Hosting;

/// <summary>
/// Refuses bodies over the limit with a 413 problem before anything reads them. The limit is 1 MiB unless the
/// endpoint declares its own (IRequestSizeLimitMetadata, e.g. uploads). Declared lengths are checked here;
/// Kestrel enforces the same limit on chunked bodies through IHttpMaxRequestBodySizeFeature.
/// </summary>
public sealed class BodySizeLimitMiddleware(RequestDelegate next)
{
    public const long DefaultLimit = 1024 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? DefaultLimit;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        if (http.Request.ContentLength > limit)
        {
            await Problems.WriteAsync(http, StatusCodes.Status413PayloadTooLarge, "payload_too_large", $"The request body is larger than {limit} bytes.");
            return;
        }
        await next(http);
    }
}
