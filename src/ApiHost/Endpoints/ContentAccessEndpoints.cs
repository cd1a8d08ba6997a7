using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Interfaces.Posts;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// Who may see an item: its owner's `PUT /videos|posts|live/{id}/access` (members only from a tier's rank, or open to
/// everyone) and anyone's `GET` of the same path (the rule, the price of a video for sale, and whether the caller may).
/// Where the items are read, the same rule answers 403 membership_required or purchase_required (AccessProblems).
/// </summary>
public static class ContentAccessEndpoints
{
    private static readonly (string Path, GatedItemKind Kind, string Tag)[] Items =
        [("videos", GatedItemKind.Video, "Videos"), ("posts", GatedItemKind.Post, "Posts"), ("live", GatedItemKind.LiveStream, "Live")];

    public static IEndpointRouteBuilder MapContentAccessEndpoints(this IEndpointRouteBuilder routes)
    {
        foreach (var (path, kind, tag) in Items)
        {
            routes.MapPut($"/{path}/{{id:guid}}/access", (Guid id, AccessRuleRequest request, IGrainFactory grains, IContentGate gate, ClaimsPrincipal user) =>
                    SetAsync(id, kind, request, grains, gate, user))
                .WithName($"Set{tag}Access").WithTags("Subscriptions", tag).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
            routes.MapGet($"/{path}/{{id:guid}}/access", (Guid id, IGrainFactory grains, IContentGate gate, ClaimsPrincipal user) =>
                    GetAsync(id, kind, grains, gate, user))
                .WithName($"Get{tag}Access").WithTags("Subscriptions", tag).ProducesProblem(StatusCodes.Status404NotFound).AllowAnonymous();
        }
        return routes;
    }

    private static async Task<Results<Ok<AccessResponse>, ProblemHttpResult>> SetAsync(
        Guid id, GatedItemKind kind, AccessRuleRequest request, IGrainFactory grains, IContentGate gate, ClaimsPrincipal user)
    {
        var minRank = request.MembersOnly == true ? request.MinRank ?? 1 : (int?)null;
        return await grains.Ref<IContentAccessGrain>(id).SetMembersOnlyAsync(user.UserId(), kind, minRank) switch
        {
            AccessRuleOutcome.Done => TypedResults.Ok(await AccessOfAsync(id, kind, grains, gate, user.UserId())),
            AccessRuleOutcome.Forbidden => Problems.Result(403, "not_owner", "Only the item's owner may say who sees it."),
            _ => Problems.NotFound(NameOf(kind)),
        };
    }

    private static async Task<Results<Ok<AccessResponse>, ProblemHttpResult>> GetAsync(
        Guid id, GatedItemKind kind, IGrainFactory grains, IContentGate gate, ClaimsPrincipal user)
    {
        var viewer = user.ViewerId();
        var visible = kind switch
        {
            GatedItemKind.Video => await grains.Ref<IVideoGrain>(id).GetAsync(viewer) is not null,
            GatedItemKind.Post => await grains.Ref<IPostGrain>(id).CanViewAsync(viewer),
            _ => await grains.Ref<ILiveStreamGrain>(id).GetAsync(viewer) is not null,
        };
        return visible ? TypedResults.Ok(await AccessOfAsync(id, kind, grains, gate, viewer)) : Problems.NotFound(NameOf(kind));
    }

    private static async Task<AccessResponse> AccessOfAsync(Guid id, GatedItemKind kind, IGrainFactory grains, IContentGate gate, Guid? viewer)
    {
        var rule = await grains.Ref<IContentAccessGrain>(id).GetRuleAsync();
        var decision = await gate.CheckAsync(id, viewer);
        var price = rule.Price is { } p ? new VideoPriceResponse(id, p.Amount, p.Currency) : null;
        return new AccessResponse(id, kind, rule.OwnerId, rule.MinRank is not null, rule.MinRank, decision.Verdict == AccessVerdict.Allowed, price);
    }

    private static string NameOf(GatedItemKind kind) => kind switch { GatedItemKind.Video => "video", GatedItemKind.Post => "post", _ => "live stream" };
}
