using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Analysis;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// The queue for moderators and admins: `GET /moderation/queue?status=open|resolved&amp;target_type=&amp;reason=` (one
/// item per target, highest priority first), `GET /moderation/queue/{id}`, `POST …/{id}/claim` (409 while another
/// moderator's claim runs) and `POST …/{id}/resolve` (409 claimed by someone else or already resolved; 403 on one's
/// own content or, for moderators, an admin's; 422 an action that does not fit the target). `POST /moderation/actions`
/// acts on any target without a report: its case is found or opened, then resolved the same way.
/// </summary>
public static partial class ModerationEndpoints
{
    private static void MapQueue(IEndpointRouteBuilder routes)
    {
        var queue = routes.MapGroup("/moderation").WithTags("Moderation")
            .RequireAuthorization(p => p.RequireRole(AccountRoles.Moderator, AccountRoles.Admin));
        queue.MapGet("/queue", Queue);
        queue.MapGet("/queue/{id:guid}", QueueItem).ProducesProblem(StatusCodes.Status404NotFound);
        queue.MapPost("/queue/{id:guid}/claim", Claim).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        queue.MapPost("/queue/{id:guid}/resolve", Resolve).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        queue.MapPost("/actions", Act).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        queue.MapGet("/appeals", PendingAppeals);
        queue.MapPost("/appeals/{id:guid}/decide", DecideAppeal).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static async Task<Results<Ok<ItemsResponse<QueueItemResponse>>, ProblemHttpResult>> Queue(
        [AsParameters] PageRequest request, string? status, [FromQuery(Name = "target_type")] string? targetType, string? reason, IGrainFactory grains)
    {
        if (BadQuery(("status", status, ["open", "resolved"]), ("target_type", targetType, ModerationNames.CaseTypes),
                ("reason", reason, ReportReasons.All)) is { } badQuery)
        {
            return badQuery;
        }
        if (!request.TryRead(out var page, out var bad)) return bad;
        ModerationTargetType? type = ModerationNames.TryParseTarget(targetType, out var t) ? t : null;
        var items = await grains.Ref<IModerationQueueGrain>(0).ListAsync(new QueueFilter(status == "resolved", type, reason), page.After, page.Size);
        var scores = await grains.Ref<IContentScoresGrain>(0).ScoresOfAsync([.. items.Items.Select(i => i.TargetId)]);
        return TypedResults.Ok(ItemsResponse.Of(items.Items.Select(i => QueueItemResponse.From(i).WithScores(scores)).ToList(), items.Next));
    }

    public static async Task<Results<Ok<QueueItemResponse>, ProblemHttpResult>> QueueItem(Guid id, IGrainFactory grains)
    {
        if (await grains.Ref<IModerationQueueGrain>(0).GetAsync(id) is not { } item) return Problems.NotFound("queue item");
        var scores = await grains.Ref<IContentScoresGrain>(0).ScoresOfAsync([item.TargetId]);
        return TypedResults.Ok(QueueItemResponse.From(item).WithScores(scores));
    }

    public static async Task<Results<Ok<QueueItemResponse>, ProblemHttpResult>> Claim(Guid id, IGrainFactory grains, ClaimsPrincipal user, HttpContext http) =>
        Answer(await grains.Ref<IModerationQueueGrain>(0).ClaimAsync(id, ModeratorOf(user, http)));

    public static async Task<Results<Ok<QueueItemResponse>, ProblemHttpResult>> Resolve(
        Guid id, ResolveRequest request, IGrainFactory grains, ClaimsPrincipal user, HttpContext http) =>
        Answer(await grains.Ref<IModerationQueueGrain>(0).ResolveAsync(id, ModeratorOf(user, http), request.ToResolution()));

    /// <summary>An action on any target, reported or not (the seed's moderate and action): its case is found or opened and resolved.</summary>
    public static async Task<Results<Ok<QueueItemResponse>, ProblemHttpResult>> Act(
        ModerationActionRequest request, IGrainFactory grains, ClaimsPrincipal user, HttpContext http)
    {
        ModerationNames.TryParseTarget(request.TargetType, out var type);
        var outcome = await grains.Ref<IModerationQueueGrain>(0).ActAsync(type, request.TargetId!.Value, ModeratorOf(user, http), request.Resolution.ToResolution());
        return outcome.Status == CaseOutcomeStatus.NotFound ? Problems.NotFound(request.TargetType!.Replace('_', ' ')) : Answer(outcome);
    }

    private static Results<Ok<QueueItemResponse>, ProblemHttpResult> Answer(CaseOutcome outcome) => outcome.Status switch
    {
        CaseOutcomeStatus.Done => TypedResults.Ok(QueueItemResponse.From(outcome.Item!)),
        CaseOutcomeStatus.NotFound => Problems.NotFound("queue item"),
        CaseOutcomeStatus.Closed => Problems.Result(StatusCodes.Status409Conflict, "already_resolved", "This item was resolved already."),
        CaseOutcomeStatus.ClaimedByOther => Problems.Result(StatusCodes.Status409Conflict, "claimed",
            $"Another moderator is working on this item until {outcome.Item?.ClaimedUntil:u}."),
        CaseOutcomeStatus.Forbidden => Problems.Result(StatusCodes.Status403Forbidden, "forbidden", outcome.Detail ?? "Not yours to decide."),
        _ => Problems.Result(StatusCodes.Status422UnprocessableEntity, "action_not_applicable", outcome.Detail ?? "That action does not apply here."),
    };

    /// <summary>A 400 validation_failed problem for the first query value outside its set (absent values pass).</summary>
    internal static ProblemHttpResult? BadQuery(params (string Field, string? Value, IReadOnlyCollection<string> Allowed)[] checks) =>
        checks.FirstOrDefault(c => c.Value is not null && !c.Allowed.Contains(c.Value)) is { Field: not null } bad
            ? Problems.Result(StatusCodes.Status400BadRequest, "validation_failed", $"{bad.Field} must be one of: {string.Join(", ", bad.Allowed)}.")
            : null;

    internal static Moderator ModeratorOf(ClaimsPrincipal user, HttpContext http) =>
        new(user.UserId(), user.IsInRole(AccountRoles.Admin), new AuditActor(user.UserId(), http.TraceIdentifier));
}
