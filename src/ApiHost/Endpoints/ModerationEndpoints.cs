using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// Moderation and administration. `PUT /admin/users/{username}/role` (admins): sets an account's level of power
/// (user, moderator or admin; other roles such as creator are kept), audited with the reason. A granted or revoked role
/// counts from the account's next request on every API host (the same access token).
/// An admin cannot change their own level, so that the last admin cannot shut everyone out by mistake.
/// </summary>
public static partial class ModerationEndpoints
{
    public static IEndpointRouteBuilder MapModerationEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin").WithTags("Admin").RequireAuthorization(p => p.RequireRole(AccountRoles.Admin));
        admin.MapPut("/users/{username}/role", SetRole).ProducesProblem(StatusCodes.Status404NotFound);
        MapAdminUsers(admin);

        var staff = routes.MapGroup("/admin/moderation").WithTags("Moderation")
            .RequireAuthorization(p => p.RequireRole(AccountRoles.Moderator, AccountRoles.Admin));
        staff.MapGet("/watched-words", GetWatchedWords);
        staff.MapPut("/watched-words", SetWatchedWords);

        MapReports(routes);
        MapQueue(routes);
        MapStrikes(routes);
        MapStreamReports(routes);
        MapAdministration(admin);
        return routes;
    }

    public static async Task<Results<Ok<RoleChangeResponse>, ProblemHttpResult>> SetRole(
        string username, RoleChangeRequest request, IGrainFactory grains, SessionCache sessions, ClaimsPrincipal user, HttpContext http)
    {
        if (await grains.UserIdOfAsync(username) is not { } target) return Problems.NotFound("user");
        if (target == user.UserId()) return Problems.Result(StatusCodes.Status403Forbidden, "forbidden", "An admin cannot change their own role; ask another admin.");
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        var roles = await grains.Ref<IUserGrain>(target).SetPowerAsync(request.Role!, new AuditActor(user.UserId(), http.TraceIdentifier), reason);
        // The grain announces the change to every host through Redis; this host forgets before answering.
        await sessions.ForgetUserAsync(target);
        return TypedResults.Ok(new RoleChangeResponse(username, roles));
    }

    public static async Task<Ok<WatchedWordsResponse>> GetWatchedWords(IGrainFactory grains) =>
        TypedResults.Ok(new WatchedWordsResponse(await grains.Ref<IWatchedWordsGrain>(0).GetAsync()));

    public static async Task<Ok<WatchedWordsResponse>> SetWatchedWords(WatchedWordsRequest request, IGrainFactory grains, ClaimsPrincipal user, HttpContext http) =>
        TypedResults.Ok(new WatchedWordsResponse(
            await grains.Ref<IWatchedWordsGrain>(0).SetAsync(request.ToWords(), new AuditActor(user.UserId(), http.TraceIdentifier))));
}
