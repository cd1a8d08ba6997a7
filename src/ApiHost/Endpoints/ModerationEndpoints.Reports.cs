using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Throttling;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// `POST /reports` (201 new, 200 the reporter's open report of the same target; 404 a target they cannot see, 422 their
/// own, 429 beyond `SocialFlow:Moderation:ReportsPerHour`) and `GET /reports/mine` with each report's outcome.
/// </summary>
public static partial class ModerationEndpoints
{
    private static void MapReports(IEndpointRouteBuilder routes)
    {
        var reports = routes.MapGroup("/reports").WithTags("Reports").RequireAuthorization();
        reports.MapPost("", File).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        reports.MapGet("/mine", Mine);
    }

    public static async Task<Results<Created<ReportResponse>, Ok<ReportResponse>, ProblemHttpResult>> File(
        ReportRequest request, IGrainFactory grains, ClaimsPrincipal user, IOptions<ReportingOptions> options)
    {
        var perHour = options.Value.ReportsPerHour;
        if (await grains.Ref<IThrottleGrain>($"reports:{user.UserId()}").TryAcquireAsync(perHour, TimeSpan.FromHours(1)) is { Allowed: false } limited)
        {
            return Problems.Result(StatusCodes.Status429TooManyRequests, "rate_limited", $"At most {perHour} reports an hour.", limited.RetryAfter);
        }
        var filed = await grains.Ref<IReportsGrain>(0).FileAsync(user.UserId(), request.ToDraft());
        return filed.Status switch
        {
            FileReportStatus.Created => TypedResults.Created($"/api/v1/reports/{filed.Report!.Id}", ReportResponse.From(filed.Report)),
            FileReportStatus.Existing => TypedResults.Ok(ReportResponse.From(filed.Report!)),
            FileReportStatus.OwnContent => Problems.Result(StatusCodes.Status422UnprocessableEntity, "own_content", "You cannot report your own content or account."),
            _ => Problems.NotFound(request.TargetType!.Replace('_', ' ')),
        };
    }

    public static async Task<Results<Ok<ItemsResponse<ReportResponse>>, ProblemHttpResult>> Mine(
        [AsParameters] PageRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var page, out var bad)) return bad;
        var mine = await grains.Ref<IReportsGrain>(0).ListMineAsync(user.UserId(), page.After, page.Size);
        return TypedResults.Ok(ItemsResponse.Of(mine.Items.Select(ReportResponse.From).ToList(), mine.Next));
    }
}
