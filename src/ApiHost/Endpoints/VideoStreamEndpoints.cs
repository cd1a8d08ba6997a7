using System.Security.Claims;
using System.Text.RegularExpressions;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Payments;
using SocialFlow.ApiHost.Videos;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// HLS playlists, segments and thumbnails of ready videos, with byte ranges. Public and unlisted videos play for anyone
/// with the link; private ones only for their owner's token. Members-only and paid videos play only for those the
/// <see cref="IContentGate"/> lets in (403 membership_required or purchase_required); their thumbnails stay visible. The
/// HD renditions (SocialFlow:Videos:HdFromHeight and up) play for their owner and for viewers whose platform plan has the
/// hd_renditions perk (403 premium_required). Segments and thumbnails never change (long, immutable cache); playlists are
/// cached briefly.
/// </summary>
public static partial class VideoStreamEndpoints
{
    private const string Immutable = "max-age=31536000, immutable";
    private const string Brief = "max-age=10";

    public static IEndpointRouteBuilder MapVideoStreamEndpoints(this IEndpointRouteBuilder routes)
    {
        var videos = routes.MapGroup("/videos/{id:guid}").WithTags("Videos").AllowAnonymous();
        videos.MapGet("/stream/master.m3u8", Master).ProducesFile(ContentTypes.Playlist).ProducesProblem(StatusCodes.Status403Forbidden);
        videos.MapGet("/stream/{rendition}/{file}", RenditionFile).ProducesFile(ContentTypes.Playlist, ContentTypes.Segment).ProducesProblem(StatusCodes.Status403Forbidden);
        videos.MapGet("/thumbnails/{file}", Thumbnail).ProducesFile(ContentTypes.Jpeg);
        return routes;
    }

    /// <summary>The master playlist; for a viewer without the hd_renditions perk, without the HD renditions (then the
    /// one with them is per viewer, so private).</summary>
    public static async Task<IResult> Master(Guid id, HttpContext http, IGrainFactory grains, IMediaFiles media, IContentGate gate)
    {
        if (await PlaybackAsync(grains, id, http.User) is not { } play) return Problems.NotFound("video");
        var access = await gate.CheckAsync(id, http.User.ViewerId());
        if (access.Verdict != AccessVerdict.Allowed) return AccessProblems.Refused(id, access);
        if (play.HdOnly.Count == 0) return await RangeResponder.SendAsync(http, media, new MediaFile.VideoMaster(id), ContentTypes.Playlist, Cache(play, access, Brief));
        if (await HdRenditions.AllowedAsync(grains, play, http.User.ViewerId()))
        {
            return await RangeResponder.SendAsync(http, media, new MediaFile.VideoMaster(id), ContentTypes.Playlist, "private, " + Brief);
        }
        if (await HdRenditions.StandardMasterAsync(media, id, play.HdOnly, http.RequestAborted) is not { } standard) return Problems.NotFound("video");
        http.Response.Headers.CacheControl = Cache(play, access, Brief);
        return Results.Text(standard, ContentTypes.Playlist);
    }

    public static async Task<IResult> RenditionFile(Guid id, string rendition, string file, HttpContext http, IGrainFactory grains, IMediaFiles media, IContentGate gate)
    {
        if (!SegmentName().IsMatch(file) && file != "index.m3u8") return Problems.NotFound("file");
        if (await PlaybackAsync(grains, id, http.User) is not { } play || !play.Renditions.Contains(rendition)) return Problems.NotFound("video");
        var playlist = file.EndsWith(".m3u8", StringComparison.Ordinal);
        var access = await gate.CheckAsync(id, http.User.ViewerId(), watching: !playlist);
        if (access.Verdict != AccessVerdict.Allowed) return AccessProblems.Refused(id, access);
        if (play.HdOnly.Contains(rendition) && !await HdRenditions.AllowedAsync(grains, play, http.User.ViewerId())) return AccessProblems.PremiumRequired(PlanPerks.HdRenditions);
        return await RangeResponder.SendAsync(http, media, new MediaFile.VideoRenditionFile(id, rendition, file), ContentTypes.Of(file),
            Cache(play, access, playlist ? Brief : Immutable));
    }

    public static async Task<IResult> Thumbnail(Guid id, string file, HttpContext http, IGrainFactory grains, IMediaFiles media)
    {
        var match = ThumbnailName().Match(file);
        if (!match.Success || await PlaybackAsync(grains, id, http.User) is not { } play) return Problems.NotFound("video");
        var index = int.Parse(match.Groups[1].Value);
        if (index >= play.ThumbnailCount) return Problems.NotFound("thumbnail");
        return await RangeResponder.SendAsync(http, media, new MediaFile.VideoThumbnail(id, index), ContentTypes.Jpeg, Cache(play, AccessDecision.Open, Immutable));
    }

    private static Task<PlaybackInfo?> PlaybackAsync(IGrainFactory grains, Guid id, ClaimsPrincipal user) =>
        grains.Ref<IVideoGrain>(id).GetPlaybackAsync(user.ViewerId());

    /// <summary>Private videos and restricted (members-only, paid) ones may be kept only by the viewer's own cache.</summary>
    private static string Cache(PlaybackInfo play, AccessDecision access, string lifetime) =>
        (play.IsPrivate || access.Restricted ? "private, " : "public, ") + lifetime;

    [GeneratedRegex(@"^seg_\d{4,6}\.ts$")]
    private static partial Regex SegmentName();

    [GeneratedRegex(@"^(\d{1,2})\.jpg$")]
    private static partial Regex ThumbnailName();
}
