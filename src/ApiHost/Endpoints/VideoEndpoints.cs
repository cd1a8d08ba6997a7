using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Videos;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.ApiHost.Endpoints;

public static class VideoEndpoints
{
    public static IEndpointRouteBuilder MapVideoEndpoints(this IEndpointRouteBuilder routes)
    {
        var videos = routes.MapGroup("/videos").WithTags("Videos");
        videos.MapPost("", CreateVideo).ProducesProblem(StatusCodes.Status409Conflict);
        videos.MapGet("/feed", Feed).AllowAnonymous();
        videos.MapGet("/{id:guid}", GetVideo).AllowAnonymous();
        videos.MapPatch("/{id:guid}", UpdateVideo).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        videos.MapDelete("/{id:guid}", DeleteVideo).ProducesProblem(StatusCodes.Status403Forbidden);
        videos.MapPut("/{id:guid}/chapters", PutChapters).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        routes.MapGet("/users/{username}/videos", UserVideos).WithTags("Videos").AllowAnonymous();
        return routes;
    }

    public static async Task<Results<Created<CreateVideoResponse>, ProblemHttpResult>> CreateVideo(
        CreateVideoRequest request, IGrainFactory grains, ClaimsPrincipal user, IOptions<PublicAccessOptions> access)
    {
        var id = Guid.CreateVersion7();
        var result = await grains.Ref<IVideoGrain>(id).CreateAsync(user.UserId(), request.ToNewVideo());
        return result.Status switch
        {
            CreateVideoStatus.Created => TypedResults.Created($"/api/v1/videos/{id}",
                new CreateVideoResponse(id, TusUploadEndpoints.UploadUrl(access, id), result.Upload!.ExpiresAt, VideoStatus.Uploading)),
            CreateVideoStatus.TooLarge => Problems.Result(413, "video_too_large", $"Videos may be at most {result.Limit} bytes."),
            CreateVideoStatus.QuotaExceeded => Problems.Result(413, "quota_exceeded", $"This video would take you over your storage quota of {result.Limit} bytes."),
            _ => Problems.Result(409, "conflict", "A video with this id already exists; retry."),
        };
    }

    public static async Task<Results<Ok<VideoResponse>, ProblemHttpResult>> GetVideo(Guid id, IGrainFactory grains, Usernames usernames, ClaimsPrincipal user)
    {
        var viewer = user.ViewerId();
        var video = await grains.Ref<IVideoGrain>(id).GetAsync(viewer);
        return video is null ? Problems.NotFound("video") : TypedResults.Ok(await ComposeAsync(grains, usernames, video, viewer));
    }

    public static async Task<Results<Ok<VideoResponse>, ProblemHttpResult>> UpdateVideo(
        Guid id, UpdateVideoRequest request, IGrainFactory grains, Usernames usernames, ClaimsPrincipal user) =>
        await OwnerResultAsync(grains, usernames, user, await grains.Ref<IVideoGrain>(id).UpdateAsync(user.UserId(), request.ToChanges()));

    public static async Task<Results<Ok<VideoResponse>, ProblemHttpResult>> PutChapters(
        Guid id, ChaptersRequest request, IGrainFactory grains, Usernames usernames, ClaimsPrincipal user) =>
        await OwnerResultAsync(grains, usernames, user, await grains.Ref<IVideoGrain>(id).SetChaptersAsync(user.UserId(), request.ToChapters()));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteVideo(Guid id, IGrainFactory grains, ClaimsPrincipal user, IStagedUploads staged)
    {
        var moderator = user.IsModerator();
        var result = await grains.Ref<IVideoGrain>(id).DeleteAsync(user.UserId(), moderator);
        if (result.Status != OwnerAction.Done) return Refused(result);
        await staged.DeleteAsync(id);
        return TypedResults.NoContent();
    }

    /// <summary>Videos of accounts the signed-in viewer blocks or is blocked by are left out (the page may come out shorter).</summary>
    public static async Task<Results<Ok<ItemsResponse<VideoSummaryResponse>>, ProblemHttpResult>> Feed(
        [AsParameters] PageRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var asked, out var bad)) return bad;
        var hidden = user.ViewerId() is { } viewer ? grains.Ref<ISocialGraphGrain>(viewer).GetBlockedEitherWayAsync() : null;
        var page = await grains.Ref<IVideoDirectoryGrain>(0).FeedAsync(asked.After, asked.Size);
        if (hidden is not null && await hidden is { Count: > 0 } blocked) page = page with { Items = page.Items.Where(v => !blocked.Contains(v.OwnerId)).ToList() };
        return Items(page);
    }

    public static async Task<Results<Ok<ItemsResponse<VideoSummaryResponse>>, ProblemHttpResult>> UserVideos(
        string username, [AsParameters] PageRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var asked, out var bad)) return bad;
        if (await grains.VisibleUserIdOfAsync(username, user.ViewerId()) is not { } ownerId) return Problems.NotFound("user");
        var own = user.ViewerId() == ownerId;
        if (!own && await BlockedAsync(grains, ownerId, user)) return Problems.NotFound("user");
        return Items(await grains.Ref<IVideoDirectoryGrain>(0).ByOwnerAsync(ownerId, own, asked.After, asked.Size));
    }

    private static Ok<ItemsResponse<VideoSummaryResponse>> Items(VideoPage page) =>
        TypedResults.Ok(ItemsResponse.Of(page.Items.Select(VideoSummaryResponse.From).ToList(), page.Next));

    /// <summary>A blocked pair does not see each other's lists (one call to the owner's graph grain, from memory).</summary>
    internal static async Task<bool> BlockedAsync(IGrainFactory grains, Guid ownerId, ClaimsPrincipal user) =>
        user.ViewerId() is { } viewer && viewer != ownerId
        && (await grains.Ref<ISocialGraphGrain>(ownerId).GetRelationAsync(viewer, withFollow: false)).Blocked;

    private static async Task<Results<Ok<VideoResponse>, ProblemHttpResult>> OwnerResultAsync(
        IGrainFactory grains, Usernames usernames, ClaimsPrincipal user, OwnerActionResult result) =>
        result.Status == OwnerAction.Done ? TypedResults.Ok(await ComposeAsync(grains, usernames, result.Video!, user.UserId())) : Refused(result);

    private static ProblemHttpResult Refused(OwnerActionResult result) => result.Status switch
    {
        OwnerAction.Forbidden => Problems.Result(403, "not_owner", "Only the video's owner may do this."),
        OwnerAction.Invalid => Problems.Result(422, "invalid_chapters", result.Problem ?? "The request breaks a rule of this video."),
        _ => Problems.NotFound("video"),
    };

    /// <summary>The grain's view plus the owner's username, the counters and what this viewer did.</summary>
    private static async Task<VideoResponse> ComposeAsync(IGrainFactory grains, Usernames usernames, VideoView video, Guid? viewer)
    {
        var snapshot = grains.Ref<IContentGrain>(video.Id).GetSnapshotAsync(viewer);
        var owner = await usernames.OfAsync(video.OwnerId);
        var (counts, state) = await snapshot;
        return VideoResponse.From(video, owner, counts, state);
    }
}
