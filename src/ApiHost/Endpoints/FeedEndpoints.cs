using System.Security.Claims;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Feeds;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.ApiHost.Endpoints;

public static class FeedEndpoints
{
    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/feed").WithTags("Feeds").MapGet("/home", Home)
            .Produces<ItemsResponse<FeedItemResponse>>(StatusCodes.Status200OK, "application/json").ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    /// <summary>
    /// The caller's home feed, newest first: one grain call, which renders the page from its silo's caches. Members-only
    /// posts are asked of the content gate (the caller's memberships as they are now); those it refuses are shown locked.
    /// </summary>
    public static async Task<IResult> Home([AsParameters] PageRequest request, IGrainFactory grains, FeedItemJson json, IContentGate gate, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var asked, out var bad)) return bad;
        var viewer = user.UserId();
        var page = await grains.Ref<IFeedGrain>(viewer).ReadAsync(asked.After, asked.Size);
        Dictionary<Guid, AccessDecision>? refused = null;
        foreach (var card in page.Items)
        {
            if (card.MembersOnlyRank is null) continue;
            var decision = await gate.CheckAsync(card.Id, viewer);
            if (decision.Verdict != AccessVerdict.Allowed) (refused ??= [])[card.Id] = decision;
        }
        return new JsonBytesResult(refused is null ? json.PageOf(page) : json.PageOf(page, refused));
    }
}
