using System.Security.Claims;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Feeds;

namespace SocialFlow.ApiHost.Endpoints;

public static class FeedEndpoints
{
    public const int DefaultLimit = 20, MaxLimit = 50;

    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/feed").WithTags("Feeds").MapGet("/home", Home)
            .Produces<ItemsResponse<FeedItemResponse>>(StatusCodes.Status200OK, "application/json").ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    /// <summary>The caller's home feed, newest first: one grain call, which renders the page from its silo's caches.</summary>
    public static async Task<IResult> Home(int? limit, string? cursor, IGrainFactory grains, FeedItemJson json, ClaimsPrincipal user)
    {
        if (!TimeCursors.TryDecode(cursor, out var after)) return Problems.Result(400, "invalid_cursor", "The cursor is not one this API returned.");
        if (limit is < 1) return Problems.Result(400, "invalid_limit", "limit must be at least 1.");
        var page = await grains.Ref<IFeedGrain>(user.UserId()).ReadAsync(after, Math.Min(limit ?? DefaultLimit, MaxLimit));
        return new JsonBytesResult(json.PageOf(page));
    }
}
