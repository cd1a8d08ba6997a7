using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Interests;
using SocialFlow.Grains.Interfaces.Recommendations;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>The caller's interests (`/users/me/interests`): the ones they picked (ads targeting and recommendations) and the
/// ones recommendations inferred from what they do (tags and accounts, with weights); any of them can be removed.</summary>
public static class InterestEndpoints
{
    public static IEndpointRouteBuilder MapInterestEndpoints(this IEndpointRouteBuilder routes)
    {
        var interests = routes.MapGroup("/users/me/interests").WithTags("Users");
        interests.MapGet("", GetInterests);
        interests.MapPut("", PutInterests);
        interests.MapDelete("/{interest}", DeleteInterest).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>Picked and inferred interests; the inferred ones are worked out afresh from what the caller did.</summary>
    public static async Task<Ok<InterestsResponse>> GetInterests(IGrainFactory grains, ClaimsPrincipal user)
    {
        await grains.Ref<IRecommendationsGrain>(user.UserId()).RefreshInterestsAsync();
        return TypedResults.Ok(InterestsResponse.From(await grains.Ref<IInterestsGrain>(user.UserId()).InterestsAsync()));
    }

    /// <summary>Removes a picked or inferred interest (a tag, or an account as '@' and its id); an inferred one is never
    /// inferred again, and the caller's next recommendations page leaves it out.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteInterest(string interest, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (Interest.Parse(interest) is not { } name) return Problems.Result(400, "invalid_interest", "An interest is a tag (as a hashtag) or an account ('@' and its id).");
        if (!await grains.Ref<IInterestsGrain>(user.UserId()).RemoveAsync(name)) return Problems.NotFound("interest");
        await grains.Ref<IRecommendationsGrain>(user.UserId()).ResetAsync();
        return TypedResults.NoContent();
    }

    /// <summary>Replaces the picked interests; the next ad decision for the caller targets by the new ones.</summary>
    public static async Task<Ok<InterestsResponse>> PutInterests(InterestsRequest request, IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(InterestsResponse.From(await grains.Ref<IInterestsGrain>(user.UserId()).SetPickedAsync(request.Interests!)));
}
