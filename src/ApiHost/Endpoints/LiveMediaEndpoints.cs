using System.Security.Claims;
using Microsoft.Net.Http.Headers;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Payments;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// Live HLS of a stream while it is live, from the live media directory the encoder writes: to whoever may see the
/// stream (private ones only to their owner; 404 for anyone else and once the stream has ended), and for a members-only
/// stream to its members (403 membership_required, asked at every playlist and segment: a membership or rule change counts
/// at the next request). Playlists change
/// every segment and are never cached; a segment does not change while it exists.
/// </summary>
public static class LiveMediaEndpoints
{
    public static IEndpointRouteBuilder MapLiveMediaEndpoints(this IEndpointRouteBuilder api)
    {
        var hls = api.MapGroup("/live/{id:guid}/hls").WithTags("Live").AllowAnonymous();
        hls.MapGet("/master.m3u8", Master).Produces(StatusCodes.Status200OK, typeof(Stream), ContentTypes.Playlist).ProducesProblem(StatusCodes.Status403Forbidden);
        hls.MapGet("/{rendition}/{file}", RenditionFile).Produces(StatusCodes.Status200OK, typeof(Stream), ContentTypes.Playlist, ContentTypes.Segment).ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    public static string Url(Guid id) => $"/api/v1/live/{id}/hls/{MediaFile.LiveHlsFile.Master}";

    public static Task<IResult> Master(Guid id, HttpContext http, IGrainFactory grains, IMediaFiles media, IContentGate gate) =>
        ServeAsync(id, new MediaFile.LiveHlsFile(id, null, MediaFile.LiveHlsFile.Master), http, grains, media, gate);

    public static async Task<IResult> RenditionFile(Guid id, string rendition, string file, HttpContext http, IGrainFactory grains, IMediaFiles media, IContentGate gate)
    {
        if (MediaFile.LiveHlsFile.Of(id, rendition, file) is not { } hls) return Problems.NotFound("file");
        return await ServeAsync(id, hls, http, grains, media, gate);
    }

    private static async Task<IResult> ServeAsync(Guid id, MediaFile.LiveHlsFile file, HttpContext http, IGrainFactory grains, IMediaFiles media, IContentGate gate)
    {
        if (await LiveStreamAsync(grains, id, http.User) is not { } stream) return Problems.NotFound("live stream");
        var access = await gate.CheckAsync(id, http.User.ViewerId());
        return access.Verdict == AccessVerdict.Allowed ? await SendAsync(http, media, file, stream, access) : AccessProblems.Refused(id, access);
    }

    private static async Task<LiveStreamView?> LiveStreamAsync(IGrainFactory grains, Guid id, ClaimsPrincipal user) =>
        await grains.Ref<ILiveStreamGrain>(id).GetAsync(user.ViewerId()) is { State: LiveState.Live } s ? s : null;

    /// <summary>Opened, not checked then opened: the encoder deletes old segments at any moment.</summary>
    private static async Task<IResult> SendAsync(HttpContext http, IMediaFiles media, MediaFile.LiveHlsFile file, LiveStreamView stream, AccessDecision access)
    {
        if (await media.OpenReadAsync(file, ct: http.RequestAborted) is not { } content) return Problems.NotFound("file");
        var playlist = file.Name.EndsWith(".m3u8", StringComparison.Ordinal);
        http.Response.Headers[HeaderNames.CacheControl] = playlist ? "no-cache, no-store"
            : (stream.Visibility == Visibility.Private || access.Restricted ? "private" : "public") + ", max-age=60";
        return TypedResults.Stream(content, ContentTypes.Of(file.Name));
    }
}
