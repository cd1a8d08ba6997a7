using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Live.Chat;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// Reported chat messages go first to the stream's own moderators (the streamer and the moderators they appointed):
/// `GET /live/{id}/chat/reports` lists the stream's open chat-message reports, one item per message, and
/// `POST /live/{id}/chat/reports/{caseId}/resolve {action: remove|dismiss, reason}` decides one (remove deletes the
/// message from the room); reporters are told either way. What they leave for `SocialFlow:Moderation:ChatEscalation`
/// appears in the platform queue.
/// </summary>
public static partial class ModerationEndpoints
{
    private static void MapStreamReports(IEndpointRouteBuilder routes)
    {
        var reports = routes.MapGroup("/live/{id:guid}/chat/reports").WithTags("Live chat").RequireAuthorization();
        reports.MapGet("", StreamReports).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        reports.MapPost("/{caseId:guid}/resolve", ResolveStreamReport).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static async Task<Results<Ok<ItemsResponse<QueueItemResponse>>, ProblemHttpResult>> StreamReports(
        Guid id, [AsParameters] PageRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var page, out var bad)) return bad;
        if (await grains.Ref<ILiveRoomGrain>(id).CheckModeratorAsync(user.UserId()) is { } refused) return LiveChatEndpoints.Problem(refused);
        var items = await grains.Ref<IModerationQueueGrain>(0).ListStreamReportsAsync(id, page.After, page.Size);
        return TypedResults.Ok(ItemsResponse.Of(items.Items.Select(QueueItemResponse.From).ToList(), items.Next));
    }

    public static async Task<Results<Ok<QueueItemResponse>, ProblemHttpResult>> ResolveStreamReport(
        Guid id, Guid caseId, StreamReportDecision request, IGrainFactory grains, ClaimsPrincipal user, HttpContext http)
    {
        if (await grains.Ref<ILiveRoomGrain>(id).CheckModeratorAsync(user.UserId()) is { } refused) return LiveChatEndpoints.Problem(refused);
        return Answer(await grains.Ref<IModerationQueueGrain>(0).ResolveForStreamAsync(id, caseId, ModeratorOf(user, http),
            request.Action == "remove", request.Reason!.Trim()));
    }
}
