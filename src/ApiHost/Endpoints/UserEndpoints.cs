using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Endpoints;

public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/users/me").WithTags("Users");
        me.MapGet("", GetMe);
        me.MapPatch("", UpdateMe);
        me.MapGet("/preferences", GetPreferences);
        me.MapPut("/preferences", PutPreferences);
        me.MapGet("/sessions", ListSessions);
        me.MapDelete("/sessions/{id:guid}", RevokeSession);

        routes.MapGet("/users/{username}", GetPublicProfile).WithTags("Users").AllowAnonymous();
        return routes;
    }

    public static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> GetMe(IGrainFactory grains, ClaimsPrincipal user) =>
        await grains.Ref<IUserGrain>(user.UserId()).GetPrivateProfileAsync() is { } profile
            ? TypedResults.Ok(MeResponse.From(profile))
            : Problems.NotFound("account");

    public static async Task<Ok<MeResponse>> UpdateMe(UpdateProfileRequest request, IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(MeResponse.From(await grains.Ref<IUserGrain>(user.UserId()).UpdateProfileAsync(request.ToPatch())));

    public static async Task<Ok<PreferencesDto>> GetPreferences(IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(PreferencesDto.From(await grains.Ref<IUserGrain>(user.UserId()).GetPreferencesAsync()));

    public static async Task<Ok<PreferencesDto>> PutPreferences(PreferencesDto request, IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(PreferencesDto.From(await grains.Ref<IUserGrain>(user.UserId()).SetPreferencesAsync(request.ToPreferences())));

    public static async Task<Ok<ItemsResponse<SessionResponse>>> ListSessions(IGrainFactory grains, ClaimsPrincipal user)
    {
        var current = user.SessionId();
        var sessions = await grains.Ref<IUserGrain>(user.UserId()).ListSessionsAsync();
        // Bounded by AccountOptions.MaxSessions, so one page holds them all.
        return TypedResults.Ok(new ItemsResponse<SessionResponse>(
            sessions.Select(s => new SessionResponse(s.Id, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.IpAddress, s.UserAgent, s.Id == current)).ToList(),
            null));
    }

    /// <summary>Only the caller's own sessions: another user's session id is simply not found.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeSession(Guid id, IGrainFactory grains, SessionCache sessions, ClaimsPrincipal user)
    {
        if (!await grains.Ref<IUserGrain>(user.UserId()).RevokeSessionAsync(id)) return Problems.NotFound("session");
        await sessions.ForgetUserAsync(user.UserId());
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<PublicProfileResponse>, ProblemHttpResult>> GetPublicProfile(string username, IGrainFactory grains)
    {
        var id = await grains.UserIdOfAsync(username);
        var profile = id is null ? null : await grains.Ref<IUserGrain>(id.Value).GetPublicProfileAsync();
        return profile is null ? Problems.NotFound("user") : TypedResults.Ok(PublicProfileResponse.From(profile));
    }
}
