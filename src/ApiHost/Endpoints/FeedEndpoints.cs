using System.Security.Claims;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Feeds;

namespace SocialFlow.ApiHost.Endpoints;

public static class FeedEndpoints
{
    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/feed").WithTags("Feeds").MapGet("/home", Home)
            .Produces<ItemsResponse<FeedItemResponse>>(StatusCodes.Status200OK, "application/json").ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    /// <summary>The caller's home feed, newest first: one grain call, which renders the page from its silo's caches.</summary>
    public static async Task<IResult> Home([AsParameters] PageRequest request, IGrainFactory grains, FeedItemJson json, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var asked, out var bad)) return bad;
        var page = await grains.Ref<IFeedGrain>(user.UserId()).ReadAsync(asked.After, asked.Size);
        return new JsonBytesResult(json.PageOf(page));
    }
}
