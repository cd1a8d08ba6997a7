using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Videos;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// tus 1.0.0 upload resources (core, creation, expiration, termination, checksum). An upload is addressed by its
/// video's id; POST /videos opens it, or a tus client creates it here with Upload-Metadata "video_id &lt;base64 id&gt;".
/// Only the video's owner sees the resource: anyone else gets 404.
/// </summary>
public static class TusUploadEndpoints
{
    public static IEndpointRouteBuilder MapTusUploadEndpoints(this IEndpointRouteBuilder routes)
    {
        var maxBytes = routes.ServiceProvider.GetRequiredService<IOptions<VideoUploadOptions>>().Value.MaxUploadBytes;
        var uploads = routes.MapGroup("/uploads").WithTags("Uploads").AddEndpointFilter(TusHeaders);
        uploads.MapMethods("", [HttpMethods.Options], Discover).AllowAnonymous().Produces(StatusCodes.Status204NoContent);
        uploads.MapMethods("/{id:guid}", [HttpMethods.Options], Discover).AllowAnonymous().Produces(StatusCodes.Status204NoContent);
        uploads.MapPost("", Create).Produces(StatusCodes.Status201Created).ProducesTusProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound,
            StatusCodes.Status409Conflict, StatusCodes.Status410Gone, StatusCodes.Status413PayloadTooLarge);
        uploads.MapMethods("/{id:guid}", [HttpMethods.Head], Head).Produces(StatusCodes.Status200OK).ProducesTusProblems(StatusCodes.Status410Gone);
        // A tus client may send the whole file in one PATCH (tus-js-client does by default): allow up to the max size.
        uploads.MapPatch("/{id:guid}", Patch).WithMetadata(new RequestSizeLimitAttribute(maxBytes)).Produces(StatusCodes.Status204NoContent)
            .ProducesTusProblems(StatusCodes.Status409Conflict, StatusCodes.Status410Gone, TusProtocol.ChecksumMismatch);
        uploads.MapDelete("/{id:guid}", Terminate).Produces(StatusCodes.Status204NoContent).ProducesTusProblems(StatusCodes.Status409Conflict, StatusCodes.Status410Gone);
        return routes;
    }

    /// <summary>412 (no supported Tus-Resumable) for every tus request but OPTIONS, and the route's own refusals.</summary>
    private static RouteHandlerBuilder ProducesTusProblems(this RouteHandlerBuilder route, params int[] statuses) =>
        statuses.Append(StatusCodes.Status412PreconditionFailed).Aggregate(route, (r, status) => r.ProducesProblem(status));

    public static IResult Discover(HttpResponse response, IOptions<VideoUploadOptions> options)
    {
        response.Headers["Tus-Version"] = TusProtocol.Version;
        response.Headers["Tus-Extension"] = TusProtocol.Extensions;
        response.Headers["Tus-Max-Size"] = options.Value.MaxUploadBytes.ToString();
        response.Headers["Tus-Checksum-Algorithm"] = TusProtocol.ChecksumAlgorithms;
        return TypedResults.NoContent();
    }

    public static async Task<IResult> Create(
        HttpContext http, IGrainFactory grains, ClaimsPrincipal user, IOptions<VideoUploadOptions> options, IOptions<PublicAccessOptions> access)
    {
        var request = http.Request;
        if (request.Headers.ContainsKey(TusProtocol.UploadDeferLength))
        {
            return Problems.Result(400, "defer_length_unsupported", "Send Upload-Length: deferred lengths are not supported.");
        }
        if (!TusProtocol.TryReadLength(request, TusProtocol.UploadLength, out var length) || length == 0)
        {
            return Problems.Result(400, "invalid_upload_length", "Upload-Length must be a positive integer.");
        }
        if (length > options.Value.MaxUploadBytes)
        {
            return Problems.Result(413, "video_too_large", $"Videos may be at most {options.Value.MaxUploadBytes} bytes.");
        }
        var metadata = TusProtocol.ParseMetadata(request.Headers[TusProtocol.UploadMetadata].ToString());
        if (metadata is null || !metadata.TryGetValue("video_id", out var videoId) || !Guid.TryParse(videoId, out var id))
        {
            return Problems.Result(400, "video_id_required",
                "Upload-Metadata must name the video: 'video_id <base64 of the id from POST /api/v1/videos>'.");
        }
        var result = await grains.Ref<IVideoGrain>(id).SetUploadLengthAsync(user.UserId(), length);
        switch (result.Status)
        {
            case SetLengthStatus.Set:
                SessionHeaders(http.Response, result.Session!);
                http.Response.Headers.Location = UploadUrl(access, id);
                return TypedResults.StatusCode(201);
            case SetLengthStatus.TooLarge:
                return Problems.Result(413, "video_too_large", $"Videos may be at most {result.Limit} bytes.");
            case SetLengthStatus.QuotaExceeded:
                return Problems.Result(413, "quota_exceeded", $"This upload would take you over your storage quota of {result.Limit} bytes.");
            case SetLengthStatus.Conflict:
                return Problems.Result(409, "upload_length_conflict", "Bytes of this upload were received with another Upload-Length.");
            case SetLengthStatus.Gone:
                return Problems.Result(410, "upload_gone", "This video's upload has ended.");
            default:
                return Problems.NotFound("video");
        }
    }

    public static async Task<IResult> Head(Guid id, HttpResponse response, IGrainFactory grains, ClaimsPrincipal user, IStagedUploads staged)
    {
        response.Headers.CacheControl = "no-store";
        var video = grains.Ref<IVideoGrain>(id);
        var session = await video.GetUploadAsync(user.UserId());
        if (session is null) return TypedResults.NotFound();
        if (await GoneAsync(video, session, staged) is not null) return TypedResults.StatusCode(410);
        SessionHeaders(response, session);
        response.Headers[TusProtocol.UploadLength] = session.Length.ToString();
        return TypedResults.Ok();
    }

    public static Task<IResult> Patch(Guid id, HttpContext http, ClaimsPrincipal user, UploadReceiver receiver) =>
        receiver.PatchAsync(http, id, user.UserId());

    public static async Task<IResult> Terminate(Guid id, IGrainFactory grains, ClaimsPrincipal user, IStagedUploads staged)
    {
        var video = grains.Ref<IVideoGrain>(id);
        var session = await video.GetUploadAsync(user.UserId());
        if (session is null) return Problems.NotFound("upload");
        if (await GoneAsync(video, session, staged) is { } gone) return gone;
        if (!await video.TerminateUploadAsync(user.UserId()))
        {
            return Problems.Result(409, "upload_complete", "The upload is complete; delete the video instead.");
        }
        await staged.DeleteAsync(id);
        return TypedResults.NoContent();
    }

    /// <summary>410 for an upload that expired (failing its video and dropping its bytes) or ended; null while it lives.</summary>
    public static async Task<IResult?> GoneAsync(IVideoGrain video, UploadSession session, IStagedUploads staged)
    {
        if (session.State == UploadState.Expired)
        {
            await video.ExpireUploadAsync();
            await staged.DeleteAsync(session.VideoId);
            return Problems.Result(410, "upload_expired", "This upload session has expired.");
        }
        return session.State == UploadState.Gone ? Problems.Result(410, "upload_gone", "This upload has ended.") : null;
    }

    public static void SessionHeaders(HttpResponse response, UploadSession session)
    {
        response.Headers[TusProtocol.UploadOffset] = session.Offset.ToString();
        if (session.ExpiresAt is { } expires) response.Headers[TusProtocol.UploadExpires] = TusProtocol.HttpDate(expires);
    }

    /// <summary>From the configured public base URL, never from the request's Host header (which a client controls).</summary>
    public static string UploadUrl(IOptions<PublicAccessOptions> access, Guid id) => access.Value.Url(VideoUrls.Upload(id));

    /// <summary>Every tus response says Tus-Resumable; a request without the supported version gets 412 (OPTIONS excepted).</summary>
    private static async ValueTask<object?> TusHeaders(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.Headers[TusProtocol.Resumable] = TusProtocol.Version;
        if (!HttpMethods.IsOptions(http.Request.Method) && http.Request.Headers[TusProtocol.Resumable] != TusProtocol.Version)
        {
            http.Response.Headers["Tus-Version"] = TusProtocol.Version;
            return Problems.Result(412, "tus_version_unsupported", $"Send Tus-Resumable: {TusProtocol.Version}.");
        }
        return await next(context);
    }
}
