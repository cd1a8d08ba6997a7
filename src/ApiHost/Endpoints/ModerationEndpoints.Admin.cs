using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// Admins: `POST /admin/users/{username}/ban {reason, duration?}` (a suspension with its strike; duration absent: for
/// good) and `/unban {reason}`, and `GET /admin/audit-log?actor=&amp;action=&amp;target_type=&amp;target=`.
/// </summary>
public static partial class ModerationEndpoints
{
    private static void MapAdministration(RouteGroupBuilder admin)
    {
        admin.MapPost("/users/{username}/ban", Ban).ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/users/{username}/unban", Unban).ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/audit-log", AuditLog).ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Ban(
        string username, BanRequest request, IGrainFactory grains, ClaimsPrincipal user, HttpContext http)
    {
        if (await grains.UserIdOfAsync(username) is not { } target) return Problems.NotFound("user");
        var duration = request.Duration is null ? null : ResolveRequest.ParseDuration(request.Duration);
        var outcome = await grains.Ref<IModerationQueueGrain>(0).ActOnAccountAsync(target, ModeratorOf(user, http),
            new CaseResolution(CaseAction.Suspend, request.Reason!.Trim(), null, duration));
        return AccountAnswer(outcome);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Unban(
        string username, BanRequest request, IGrainFactory grains, ClaimsPrincipal user, HttpContext http)
    {
        if (await grains.UserIdOfAsync(username) is not { } target) return Problems.NotFound("user");
        return AccountAnswer(await grains.Ref<IModerationQueueGrain>(0).LiftSuspensionAsync(target, ModeratorOf(user, http), request.Reason!.Trim()));
    }

    private static Results<NoContent, ProblemHttpResult> AccountAnswer(CaseOutcome outcome) => outcome.Status switch
    {
        CaseOutcomeStatus.Done => TypedResults.NoContent(),
        CaseOutcomeStatus.Forbidden => Problems.Result(StatusCodes.Status403Forbidden, "forbidden", outcome.Detail ?? "Not yours to decide."),
        _ => Problems.NotFound("user"),
    };

    public static async Task<Results<Ok<ItemsResponse<AuditRecordResponse>>, ProblemHttpResult>> AuditLog(
        [AsParameters] PageRequest request, string? actor, string? action, [FromQuery(Name = "target_type")] string? targetType, string? target, IGrainFactory grains)
    {
        if (!request.TryRead(out var page, out var bad)) return bad;
        Guid? actorId = null;
        if (actor is not null && (actorId = await grains.UserIdOfAsync(actor)) is null) return Problems.NotFound("actor");
        var rows = await grains.Ref<IAuditLogGrain>(0).ListAsync(new AuditFilter(actorId, action, targetType, target), page.After, page.Size);
        return TypedResults.Ok(ItemsResponse.Of(rows.Items.Select(AuditRecordResponse.From).ToList(), rows.Next));
    }
}
