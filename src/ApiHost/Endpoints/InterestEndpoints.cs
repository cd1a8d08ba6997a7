using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Interests;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>The caller's interests (`/users/me/interests`): the ones they picked, used by ads targeting (and, later, recommendations).</summary>
public static class InterestEndpoints
{
    public static IEndpointRouteBuilder MapInterestEndpoints(this IEndpointRouteBuilder routes)
    {
        var interests = routes.MapGroup("/users/me/interests").WithTags("Users");
        interests.MapGet("", GetInterests);
        interests.MapPut("", PutInterests);
        return routes;
    }

    public static async Task<Ok<InterestsResponse>> GetInterests(IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(InterestsResponse.From(await grains.Ref<IInterestsGrain>(user.UserId()).InterestsAsync()));

    /// <summary>Replaces the picked interests; the next ad decision for the caller targets by the new ones.</summary>
    public static async Task<Ok<InterestsResponse>> PutInterests(InterestsRequest request, IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(InterestsResponse.From(await grains.Ref<IInterestsGrain>(user.UserId()).SetPickedAsync(request.Interests!)));
}
