using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Engagement;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// Likes, reactions and counts of videos, posts and comments (/{kind}/{id}/…); bookmarks and views in the other part.
/// Writes are idempotent and answer 200 with the new state and whether this call changed it, after the write is durable.
/// An item that does not exist, is of another kind than the route says, or that the caller may not see is 404.
/// </summary>
public static partial class EngagementEndpoints
{
    public const int DefaultLimit = 20;

    public static IEndpointRouteBuilder MapEngagementEndpoints(this IEndpointRouteBuilder routes)
    {
        var item = routes.MapGroup($"/{{kind:{ContentKinds.RouteConstraint}}}/{{id:guid}}").WithTags("Engagement");
        item.MapPost("/like", Like);
        item.MapDelete("/like", Unlike);
        item.MapGet("/likes", ListLikers);
        item.MapPut("/reaction", React);
        item.MapDelete("/reaction", ClearReaction);
        item.MapGet("/counts", Counts).AllowAnonymous();
        MapBookmarksAndViews(routes);
        return routes;
    }

    public static async Task<Results<Ok<LikeResponse>, ProblemHttpResult>> Like(string kind, Guid id, IGrainFactory grains, ContentKinds kinds, ClaimsPrincipal user) =>
        await kinds.IsAsync(id, kind) && await grains.Ref<IContentGrain>(id).LikeAsync(user.UserId()) is { Counts: { } c } r
            ? TypedResults.Ok(new LikeResponse(true, r.Status == EngagementStatus.Applied, c.Likes))
            : Problems.NotFound("item");

    public static async Task<Results<Ok<LikeResponse>, ProblemHttpResult>> Unlike(string kind, Guid id, IGrainFactory grains, ContentKinds kinds, ClaimsPrincipal user) =>
        await kinds.IsAsync(id, kind) && await grains.Ref<IContentGrain>(id).UnlikeAsync(user.UserId()) is { Counts: { } c } r
            ? TypedResults.Ok(new LikeResponse(false, r.Status == EngagementStatus.Applied, c.Likes))
            : Problems.NotFound("item");

    public static async Task<Results<Ok<ReactionResponse>, ProblemHttpResult>> React(
        string kind, Guid id, ReactionRequest request, IGrainFactory grains, ContentKinds kinds, ClaimsPrincipal user) =>
        await kinds.IsAsync(id, kind) && await grains.Ref<IContentGrain>(id).ReactAsync(user.UserId(), request.Reaction) is { Counts: { } c } r
            ? TypedResults.Ok(new ReactionResponse(request.Reaction, r.Status == EngagementStatus.Applied, c.Reactions))
            : Problems.NotFound("item");

    public static async Task<Results<Ok<ReactionResponse>, ProblemHttpResult>> ClearReaction(
        string kind, Guid id, IGrainFactory grains, ContentKinds kinds, ClaimsPrincipal user) =>
        await kinds.IsAsync(id, kind) && await grains.Ref<IContentGrain>(id).ReactAsync(user.UserId(), null) is { Counts: { } c } r
            ? TypedResults.Ok(new ReactionResponse(null, r.Status == EngagementStatus.Applied, c.Reactions))
            : Problems.NotFound("item");

    /// <summary>Anyone may read the counts of an item they may see; one grain call on the hot path.</summary>
    public static async Task<Results<Ok<CountsResponse>, ProblemHttpResult>> Counts(string kind, Guid id, IGrainFactory grains, ContentKinds kinds, ClaimsPrincipal user) =>
        await kinds.IsAsync(id, kind) && await grains.Ref<IContentLiveGrain>(id).GetCountsForAsync(user.ViewerId()) is { } c
            ? TypedResults.Ok(CountsResponse.From(id, c))
            : Problems.NotFound("item");

    public static async Task<Results<Ok<ItemsResponse<LikerResponse>>, ProblemHttpResult>> ListLikers(
        string kind, Guid id, [AsParameters] PageRequest request, IGrainFactory grains, ContentKinds kinds, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var asked, out var bad)) return bad;
        if (!await kinds.IsAsync(id, kind) || !await grains.Ref<IContentGrain>(id).CanViewAsync(user.UserId())) return Problems.NotFound("item");
        var page = await grains.Ref<IEngagementDirectoryGrain>(0).ListLikersAsync(id, asked.After, asked.Size);
        return TypedResults.Ok(ItemsResponse.Of(page.Items.Select(l => new LikerResponse(l.UserId, l.Username, l.LikedAt)).ToList(), page.Next));
    }
}
