using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Recommendations;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// Recommendations for the caller: the seed's `GET /ml/recommendations?type=video|post&amp;limit=` and the For-you feed
/// `GET /feed/for-you` (videos and posts), both taking items from the caller's ranked list, never one twice; `POST
/// /ml/feedback` (changes the next page). Admins: `POST /admin/ml/retrain` (audited).
/// </summary>
public static class RecommendationEndpoints
{
    private static readonly string[] Types = ["video", "post"];

    public static IEndpointRouteBuilder MapRecommendationEndpoints(this IEndpointRouteBuilder routes)
    {
        var ml = routes.MapGroup("/ml").WithTags("Recommendations");
        ml.MapGet("/recommendations", Recommendations);
        ml.MapPost("/feedback", Feedback).ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapGroup("/feed").WithTags("Feeds", "Recommendations").MapGet("/for-you", ForYou);
        routes.MapGroup("/admin/ml").WithTags("Admin", "Recommendations").RequireAuthorization(p => p.RequireRole(AccountRoles.Admin))
            .MapPost("/retrain", Retrain);
        return routes;
    }

    /// <summary>The next items of one type (video by default) from the caller's ranked list.</summary>
    public static async Task<Results<Ok<ItemsResponse<RecommendationResponse>>, ValidationProblem, ProblemHttpResult>> Recommendations(
        [FromQuery] string? type, [AsParameters] PageRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (type is not null && !Types.Contains(type))
        {
            var errors = new FieldErrors();
            errors.OneOf("type", type, Types);
            return errors.ToProblem();
        }
        if (!request.TryRead(out var asked, out var bad)) return bad;
        return TypedResults.Ok(await PageAsync(grains, user, type == "post" ? RecommendationType.Post : RecommendationType.Video, asked));
    }

    /// <summary>The For-you feed: videos and posts ranked for the caller. Without a cursor, a list ranked afresh; with the
    /// last page's cursor, its continuation, never repeating an item.</summary>
    public static async Task<Results<Ok<ItemsResponse<RecommendationResponse>>, ProblemHttpResult>> ForYou(
        [AsParameters] PageRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var asked, out var bad)) return bad;
        return TypedResults.Ok(await PageAsync(grains, user, RecommendationType.Any, asked));
    }

    public static async Task<Results<Ok<FeedbackResponse>, ProblemHttpResult>> Feedback(FeedbackRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var recorded = await grains.Ref<IRecommendationsGrain>(user.UserId()).FeedbackAsync(request.ItemId!.Value, request.ToSignal(), request.Seconds);
        return recorded ? TypedResults.Ok(new FeedbackResponse(true)) : Problems.NotFound("item");
    }

    /// <summary>Trains now; the answer says whether the new model was accepted or the previous one stays.</summary>
    public static async Task<Ok<RetrainResponse>> Retrain(IGrainFactory grains, ClaimsPrincipal user, HttpContext http) =>
        TypedResults.Ok(RetrainResponse.From(await grains.Ref<IRecommendationTrainerGrain>(0).RetrainAsync(new AuditActor(user.UserId(), http.TraceIdentifier))));

    private static async Task<ItemsResponse<RecommendationResponse>> PageAsync(IGrainFactory grains, ClaimsPrincipal user, RecommendationType type, Page asked)
    {
        var page = await grains.Ref<IRecommendationsGrain>(user.UserId()).NextAsync(type, asked.After, asked.Size);
        return ItemsResponse.Of([.. page.Items.Select(RecommendationResponse.From)], page.Next);
    }
}
