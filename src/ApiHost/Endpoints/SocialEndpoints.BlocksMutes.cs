using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces.Social;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>Blocks and mutes: the caller's own, by the other account's username. Both idempotent and reversible.</summary>
public static partial class SocialEndpoints
{
    private static void MapBlocksAndMutes(IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/users/{username}").WithTags("Social");
        users.MapPost("/block", (string username, IGrainFactory grains, ClaimsPrincipal user) => SetBlockAsync(username, grains, user, true))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        users.MapDelete("/block", (string username, IGrainFactory grains, ClaimsPrincipal user) => SetBlockAsync(username, grains, user, false))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        users.MapPost("/mute", (string username, IGrainFactory grains, ClaimsPrincipal user) => SetMuteAsync(username, grains, user, true))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        users.MapDelete("/mute", (string username, IGrainFactory grains, ClaimsPrincipal user) => SetMuteAsync(username, grains, user, false))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        var me = routes.MapGroup("/users/me").WithTags("Social");
        me.MapGet("/blocks", ListBlocks);
        me.MapGet("/mutes", ListMutes);
    }

    public static async Task<Results<Ok<BlockResponse>, ProblemHttpResult>> SetBlockAsync(string username, IGrainFactory grains, ClaimsPrincipal user, bool block)
    {
        if (await grains.UserIdOfAsync(username) is not { } target) return Problems.NotFound("user");
        if (target == user.UserId()) return SelfProblem();
        var graph = Graph(grains, user.UserId());
        var outcome = block ? await graph.BlockAsync(target) : await graph.UnblockAsync(target);
        return TypedResults.Ok(new BlockResponse(block, outcome == GraphOutcome.Changed));
    }

    public static async Task<Results<Ok<MuteResponse>, ProblemHttpResult>> SetMuteAsync(string username, IGrainFactory grains, ClaimsPrincipal user, bool mute)
    {
        if (await grains.UserIdOfAsync(username) is not { } target) return Problems.NotFound("user");
        if (target == user.UserId()) return SelfProblem();
        var graph = Graph(grains, user.UserId());
        var outcome = mute ? await graph.MuteAsync(target) : await graph.UnmuteAsync(target);
        return TypedResults.Ok(new MuteResponse(mute, outcome == GraphOutcome.Changed));
    }

    public static async Task<Results<Ok<ItemsResponse<BlockedUserResponse>>, ProblemHttpResult>> ListBlocks(
        [AsParameters] PageRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var asked, out var bad)) return bad;
        var page = await Directory(grains).BlocksAsync(user.UserId(), asked.After, asked.Size);
        return TypedResults.Ok(ItemsResponse.Of(page.Items.Select(BlockedUserResponse.From).ToList(), page.Next));
    }

    public static async Task<Results<Ok<ItemsResponse<MutedUserResponse>>, ProblemHttpResult>> ListMutes(
        [AsParameters] PageRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var asked, out var bad)) return bad;
        var page = await Directory(grains).MutesAsync(user.UserId(), asked.After, asked.Size);
        return TypedResults.Ok(ItemsResponse.Of(page.Items.Select(MutedUserResponse.From).ToList(), page.Next));
    }
}
