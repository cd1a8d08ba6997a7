using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// An account's strikes (`GET /users/me/strikes`) and appeals (`POST /appeals`: 201; 404 not the caller's strike;
/// 409 appealed already; 422 past the appeal window or already reversed); moderators decide pending appeals
/// (`GET /moderation/appeals`, `POST /moderation/appeals/{id}/decide`, approving reverses the action). An appeal is
/// also a queue item (`target_type: appeal`, the same id), so the queue's claim and resolve decide it too.
/// </summary>
public static partial class ModerationEndpoints
{
    private static void MapStrikes(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/users/me/strikes", Strikes).WithTags("Moderation").RequireAuthorization();
        routes.MapPost("/appeals", Appeal).WithTags("Moderation").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    public static async Task<Results<Ok<ItemsResponse<StrikeView>>, ProblemHttpResult>> Strikes(
        [AsParameters] PageRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var page, out var bad)) return bad;
        var strikes = await grains.Ref<IStrikesGrain>(0).ListAsync(user.UserId(), page.After, page.Size);
        return TypedResults.Ok(ItemsResponse.Of(strikes.Items, strikes.Next));
    }

    public static async Task<Results<Created<AppealView>, ProblemHttpResult>> Appeal(AppealRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var outcome = await grains.Ref<IStrikesGrain>(0).AppealAsync(user.UserId(), request.StrikeId!.Value, request.Text!.Trim());
        return outcome.Status switch
        {
            AppealStatus.Filed => TypedResults.Created($"/api/v1/appeals/{outcome.Appeal!.Id}", outcome.Appeal),
            AppealStatus.AlreadyAppealed => Problems.Result(StatusCodes.Status409Conflict, "already_appealed", "This strike was appealed already; a strike has one appeal."),
            AppealStatus.TooLate => Problems.Result(StatusCodes.Status422UnprocessableEntity, "appeal_window_closed", "The time to appeal this strike is over."),
            AppealStatus.Reversed => Problems.Result(StatusCodes.Status422UnprocessableEntity, "strike_reversed", "This strike was reversed already."),
            _ => Problems.NotFound("strike"),
        };
    }

    public static async Task<Results<Ok<ItemsResponse<AppealView>>, ProblemHttpResult>> PendingAppeals([AsParameters] PageRequest request, IGrainFactory grains)
    {
        if (!request.TryRead(out var page, out var bad)) return bad;
        var appeals = await grains.Ref<IStrikesGrain>(0).ListPendingAppealsAsync(page.After, page.Size);
        return TypedResults.Ok(ItemsResponse.Of(appeals.Items, appeals.Next));
    }

    /// <summary>The appeal's queue item decided: approve, or dismiss to reject.</summary>
    public static async Task<Results<Ok<AppealView>, ProblemHttpResult>> DecideAppeal(
        Guid id, AppealDecisionRequest request, IGrainFactory grains, ClaimsPrincipal user, HttpContext http)
    {
        var queue = grains.Ref<IModerationQueueGrain>(0);
        if (await queue.GetAsync(id) is not { TargetType: ModerationTargetType.Appeal }) return Problems.NotFound("appeal");
        var decision = new CaseResolution(request.Approve!.Value ? CaseAction.Approve : CaseAction.Dismiss, request.Reason!.Trim(), null, null);
        var outcome = await queue.ResolveAsync(id, ModeratorOf(user, http), decision);
        return outcome.Status switch
        {
            CaseOutcomeStatus.Done => TypedResults.Ok(outcome.Item!.Appeal!),
            CaseOutcomeStatus.Closed => Problems.Result(StatusCodes.Status409Conflict, "already_decided", "This appeal was decided already."),
            CaseOutcomeStatus.ClaimedByOther => Problems.Result(StatusCodes.Status409Conflict, "claimed",
                $"Another moderator is working on this appeal until {outcome.Item?.ClaimedUntil:u}."),
            CaseOutcomeStatus.Forbidden => Problems.Result(StatusCodes.Status403Forbidden, "forbidden", outcome.Detail ?? "Not yours to decide."),
            _ => Problems.NotFound("appeal"),
        };
    }
}
