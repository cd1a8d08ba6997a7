using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Endpoints;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Analytics;

namespace SocialFlow.ApiHost.Analytics;

/// <summary>/analytics: tracking from apps, dashboards, exports and reports (docs/architecture.md#analytics).</summary>
public static partial class AnalyticsEndpoints
{
    public static IEndpointRouteBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder routes)
    {
        var analytics = routes.MapGroup("/analytics").WithTags("Analytics");
        analytics.MapPost("/track", Track).AllowAnonymous();
        analytics.MapGet("/dashboard", GetDashboard).ProducesProblem(StatusCodes.Status404NotFound);
        analytics.MapGet("/export", Export).Produces<string>(StatusCodes.Status200OK, "text/csv", "application/jsonl").ProducesProblem(StatusCodes.Status404NotFound);
        analytics.MapPost("/reports", RequestReport).ProducesProblem(StatusCodes.Status404NotFound);
        analytics.MapGet("/reports", ListReports);
        analytics.MapGet("/reports/{id:guid}", GetReport);
        analytics.MapGet("/reports/{id:guid}/download", DownloadReport)
            .Produces<object>(StatusCodes.Status200OK, "application/json").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        analytics.MapGet("/reports/{id:guid}/charts/{chart}", GetChart)
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    /// <summary>
    /// Stores a batch of app events: signed in, they are the account's; anonymous, the viewer id's (X-Viewer-Id or
    /// viewer_id). Over 100 events 413 (over 1 MiB the body limit's 413); a bad field or a clock outside the allowed
    /// skew 400 and nothing stored. Duplicates (a client event id already sent) are dropped and counted.
    /// </summary>
    public static async Task<Results<Ok<TrackResponse>, ValidationProblem, ProblemHttpResult>> Track(
        TrackRequest request, [FromHeader(Name = EngagementEndpoints.ViewerIdHeader)] string? viewerHeader,
        HttpContext http, IGrainFactory grains, IOptions<AnalyticsTrackingOptions> options, TimeProvider clock, ClaimsPrincipal user)
    {
        var events = request.Events!;
        if (events.Count > TrackRequest.MaxEvents) return Problems.Result(413, "payload_too_large", $"A batch holds at most {TrackRequest.MaxEvents} events.");
        var userId = user.ViewerId();
        string actor;
        if (userId is { } signedIn) actor = $"u:{signedIn:N}";
        else if ((viewerHeader ?? request.ViewerId) is { } anonymous && Contracts.ViewRequest.IsViewerId(anonymous)) actor = $"a:{anonymous}";
        else return Problems.Result(400, "viewer_id_required", $"Anonymous events need a viewer id ({EngagementEndpoints.ViewerIdHeader} header or viewer_id): 16 to 64 letters, digits, '-' or '_'.");

        var now = clock.GetUtcNow();
        var errors = new FieldErrors();
        for (var i = 0; i < events.Count; i++)
        {
            var at = events[i].OccurredAt!.Value;
            if (at > now + options.Value.MaxFutureSkew) errors.Add($"events[{i}].occurred_at", $"is more than {options.Value.MaxFutureSkew.TotalSeconds:0} s ahead of the server's clock");
            if (at < now - options.Value.MaxEventAge) errors.Add($"events[{i}].occurred_at", $"is older than {options.Value.MaxEventAge.TotalHours:0} h");
        }
        if (errors.Any) return errors.ToProblem();

        var batch = new TrackedBatch(actor, userId, request.Platform, NetworkPrefix.Of(http.Connection.RemoteIpAddress),
            [.. events.Select(e => new TrackedEvent(e.ClientEventId!, e.Type!, e.ItemId, e.ProfileId, e.AdId, e.Seconds, e.PositionPercent, e.Source, e.OccurredAt!.Value))]);
        var result = await grains.Ref<IAnalyticsTrackerGrain>(0).TrackAsync(batch);
        return TypedResults.Ok(new TrackResponse(result.Accepted, result.Duplicates, result.UnknownItems));
    }

    /// <summary>The key whose figures the caller may read: their own, any creator's for an admin, the platform's for an admin; else null (404).</summary>
    private static Guid? AllowedKey(ClaimsPrincipal user, AnalyticsScope scope, Guid? creatorId)
    {
        var admin = user.IsInRole("admin");
        if (scope == AnalyticsScope.Platform) return admin ? Guid.Empty : null;
        var me = user.UserId();
        return creatorId is null || creatorId == me ? me : admin ? creatorId : null;
    }

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
