using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Accounts;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// Follows, follow requests and the follower lists (blocks and mutes in the other part). Every write is idempotent and
/// answers 200 with the resulting state and whether this call changed it. Unknown user: 404; yourself: 422; a block
/// either way: 403 `blocked` (the block is not a secret from the blocked account: its profile still answers, so a
/// 404 here would only be inconsistent).
/// </summary>
public static partial class SocialEndpoints
{
    public static IEndpointRouteBuilder MapSocialEndpoints(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/users/{username}").WithTags("Social");
        users.MapPost("/follow", Follow).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        users.MapDelete("/follow", Unfollow).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        users.MapGet("/followers", Followers).AllowAnonymous().ProducesProblem(StatusCodes.Status403Forbidden);
        users.MapGet("/following", Following).AllowAnonymous().ProducesProblem(StatusCodes.Status403Forbidden);
        var requests = routes.MapGroup("/follow-requests").WithTags("Social");
        requests.MapGet("", ListRequests);
        requests.MapPost("/{username}/approve", Approve);
        requests.MapPost("/{username}/reject", Reject);
        MapBlocksAndMutes(routes);
        return routes;
    }

    public static async Task<Results<Ok<FollowResponse>, ProblemHttpResult>> Follow(string username, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (await grains.UserIdOfAsync(username) is not { } target) return Problems.NotFound("user");
        if (target == user.UserId()) return SelfProblem();
        var result = await Graph(grains, target).FollowAsync(user.UserId());
        return result.Blocked ? BlockedProblem() : TypedResults.Ok(FollowResponse.From(result));
    }

    /// <summary>Unfollows, or cancels the caller's pending request.</summary>
    public static async Task<Results<Ok<FollowResponse>, ProblemHttpResult>> Unfollow(string username, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (await grains.UserIdOfAsync(username) is not { } target) return Problems.NotFound("user");
        if (target == user.UserId()) return SelfProblem();
        return TypedResults.Ok(FollowResponse.From(await Graph(grains, target).UnfollowAsync(user.UserId())));
    }

    public static Task<Results<Ok<ItemsResponse<FollowEdgeResponse>>, ProblemHttpResult>> Followers(
        string username, [AsParameters] PageRequest page, IGrainFactory grains, ClaimsPrincipal user) =>
        EdgesAsync(username, page, grains, user, (d, id, after, size) => d.FollowersAsync(id, after, size));

    public static Task<Results<Ok<ItemsResponse<FollowEdgeResponse>>, ProblemHttpResult>> Following(
        string username, [AsParameters] PageRequest page, IGrainFactory grains, ClaimsPrincipal user) =>
        EdgesAsync(username, page, grains, user, (d, id, after, size) => d.FollowingAsync(id, after, size));

    /// <summary>The caller's inbox of pending requests, newest first.</summary>
    public static async Task<Results<Ok<ItemsResponse<FollowRequestResponse>>, ProblemHttpResult>> ListRequests(
        [AsParameters] PageRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var asked, out var bad)) return bad;
        var page = await Directory(grains).FollowRequestsAsync(user.UserId(), asked.After, asked.Size);
        return TypedResults.Ok(ItemsResponse.Of(page.Items.Select(FollowRequestResponse.From).ToList(), page.Next));
    }

    public static Task<Results<Ok<FollowRequestDecisionResponse>, ProblemHttpResult>> Approve(string username, IGrainFactory grains, ClaimsPrincipal user) =>
        DecideAsync(username, grains, user, approve: true);

    public static Task<Results<Ok<FollowRequestDecisionResponse>, ProblemHttpResult>> Reject(string username, IGrainFactory grains, ClaimsPrincipal user) =>
        DecideAsync(username, grains, user, approve: false);

    private static async Task<Results<Ok<FollowRequestDecisionResponse>, ProblemHttpResult>> DecideAsync(
        string username, IGrainFactory grains, ClaimsPrincipal user, bool approve)
    {
        var me = user.UserId();
        if (await grains.UserIdOfAsync(username) is not { } requester || requester == me) return Problems.NotFound("follow request");
        var graph = Graph(grains, me);
        var done = approve ? await graph.ApproveAsync(requester) : await graph.RejectAsync(requester);
        return done ? TypedResults.Ok(new FollowRequestDecisionResponse(approve ? "approved" : "rejected")) : Problems.NotFound("follow request");
    }

    /// <summary>
    /// A private account's lists are for itself and its followers (403 `private_account` for anyone else, anonymous
    /// callers included); between a blocked pair they do not exist (404), like the rest of each other's content.
    /// </summary>
    private static async Task<Results<Ok<ItemsResponse<FollowEdgeResponse>>, ProblemHttpResult>> EdgesAsync(
        string username, PageRequest request, IGrainFactory grains, ClaimsPrincipal user,
        Func<ISocialDirectoryGrain, Guid, PageCursor?, int, Task<GraphPage>> read)
    {
        if (!request.TryRead(out var asked, out var bad)) return bad;
        var viewer = user.ViewerId();
        if (await grains.VisibleUserIdOfAsync(username, viewer) is not { } target) return Problems.NotFound("user");
        if (viewer != target)
        {
            var isPrivate = (await grains.Ref<IUserGrain>(target).GetPreferencesAsync()).PrivateAccount;
            var relation = viewer is { } v ? await Graph(grains, target).GetRelationAsync(v, withFollow: isPrivate) : ViewerRelation.None;
            if (relation.Blocked) return Problems.NotFound("user");
            if (isPrivate && !relation.Follows) return Problems.Result(403, "private_account", "Only this account's followers may see whom it follows and who follows it.");
        }
        var page = await read(Directory(grains), target, asked.After, asked.Size);
        return TypedResults.Ok(ItemsResponse.Of(page.Items.Select(FollowEdgeResponse.From).ToList(), page.Next));
    }

    private static ISocialGraphGrain Graph(IGrainFactory grains, Guid userId) => grains.Ref<ISocialGraphGrain>(userId);

    private static ISocialDirectoryGrain Directory(IGrainFactory grains) => grains.Ref<ISocialDirectoryGrain>(0);

    private static ProblemHttpResult SelfProblem() => Problems.Result(422, "self", "You cannot follow, block or mute yourself.");

    private static ProblemHttpResult BlockedProblem() =>
        Problems.Result(403, "blocked", "One of you blocks the other: there is no following between you.");
}
