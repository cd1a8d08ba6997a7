using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Engagement;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;

namespace SocialFlow.ApiHost.Endpoints;

public static partial class EngagementEndpoints
{
    public const string ViewerIdHeader = "X-Viewer-Id";

    private static void MapBookmarksAndViews(IEndpointRouteBuilder routes)
    {
        var bookmarks = routes.MapGroup("/bookmarks/{contentId:guid}").WithTags("Engagement");
        bookmarks.MapPost("", Bookmark);
        bookmarks.MapDelete("", Unbookmark);
        routes.MapGet("/users/me/bookmarks", ListBookmarks).WithTags("Engagement");
        routes.MapPost("/videos/{id:guid}/view", RecordView).WithTags("Engagement").AllowAnonymous();
    }

    public static async Task<Results<Ok<BookmarkResponse>, ProblemHttpResult>> Bookmark(Guid contentId, IGrainFactory grains, ClaimsPrincipal user) =>
        await grains.Ref<IContentGrain>(contentId).BookmarkAsync(user.UserId()) is { Counts: { } c } r
            ? TypedResults.Ok(new BookmarkResponse(true, r.Status == EngagementStatus.Applied, c.Bookmarks))
            : Problems.NotFound("item");

    public static async Task<Results<Ok<BookmarkResponse>, ProblemHttpResult>> Unbookmark(Guid contentId, IGrainFactory grains, ClaimsPrincipal user) =>
        await grains.Ref<IContentGrain>(contentId).UnbookmarkAsync(user.UserId()) is { Counts: { } c } r
            ? TypedResults.Ok(new BookmarkResponse(false, r.Status == EngagementStatus.Applied, c.Bookmarks))
            : Problems.NotFound("item");

    public static async Task<Results<Ok<ItemsResponse<BookmarkItemResponse>>, ProblemHttpResult>> ListBookmarks(
        [AsParameters] PageRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var asked, out var bad)) return bad;
        var page = await grains.Ref<IEngagementDirectoryGrain>(0).ListBookmarksAsync(user.UserId(), asked.After, asked.Size);
        return TypedResults.Ok(ItemsResponse.Of(
            page.Items.Select(b => new BookmarkItemResponse(b.ContentId, b.Kind, b.OwnerId, b.BookmarkedAt)).ToList(), page.Next));
    }

    /// <summary>
    /// Counts a view once per viewer per window. The viewer is the signed-in user, else the client's viewer id
    /// (X-Viewer-Id header or viewer_id), which an anonymous call must carry. The body is optional.
    /// </summary>
    public static async Task<Results<Ok<ViewResponse>, ProblemHttpResult>> RecordView(
        Guid id, [FromBody] ViewRequest? request, [FromHeader(Name = ViewerIdHeader)] string? viewerHeader,
        IGrainFactory grains, ContentKinds kinds, ClaimsPrincipal user)
    {
        var userId = user.ViewerId();
        string viewerKey;
        if (userId is { } signedIn) viewerKey = $"u:{signedIn:N}";
        else if ((viewerHeader ?? request?.ViewerId) is { } anonymous && ViewRequest.IsViewerId(anonymous)) viewerKey = $"a:{anonymous}";
        else return Problems.Result(400, "viewer_id_required", $"An anonymous view needs a viewer id ({ViewerIdHeader} header or viewer_id): 16 to 64 letters, digits, '-' or '_'.");

        var content = grains.Ref<IContentGrain>(id);
        if (!await kinds.IsAsync(id, "videos") || !await content.CanViewAsync(userId)) return Problems.NotFound("video");
        return TypedResults.Ok(new ViewResponse(await content.RecordViewAsync(viewerKey, request?.WatchSeconds)));
    }
}
