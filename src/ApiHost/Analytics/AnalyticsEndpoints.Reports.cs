using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Analytics;

namespace SocialFlow.ApiHost.Analytics;

public static partial class AnalyticsEndpoints
{
    /// <summary>202 with the pending report; poll GET /analytics/reports/{id} until ready, then download it and its charts.</summary>
    public static async Task<Results<Accepted<AnalyticsReportResponse>, ProblemHttpResult>> RequestReport(AnalyticsReportRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var scope = request.Scope == "platform" ? AnalyticsScope.Platform : AnalyticsScope.Creator;
        if (AllowedKey(user, scope, null) is null) return Problems.NotFound("dashboard");
        var id = Guid.CreateVersion7();
        var report = await grains.Ref<IAnalyticsReportGrain>(id).RequestAsync(user.UserId(), scope, request.Days!.Value);
        return TypedResults.Accepted($"/api/v1/analytics/reports/{id}", ToResponse(report));
    }

    /// <summary>The caller's reports, newest first, a page at a time (limit, cursor).</summary>
    public static async Task<Results<Ok<ItemsResponse<AnalyticsReportResponse>>, ProblemHttpResult>> ListReports(
        [AsParameters] PageRequest paging, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!paging.TryRead(out var page, out var problem)) return problem;
        var reports = await grains.Ref<IAnalyticsReaderGrain>(0).ReportsAsync(user.UserId(), page.After, page.Size);
        return TypedResults.Ok(ItemsResponse.Of([.. reports.Items.Select(ToResponse)], reports.Next));
    }

    public static async Task<Results<Ok<AnalyticsReportResponse>, ProblemHttpResult>> GetReport(Guid id, IGrainFactory grains, ClaimsPrincipal user) =>
        await grains.Ref<IAnalyticsReaderGrain>(0).ReportAsync(user.UserId(), id) is { } report ? TypedResults.Ok(ToResponse(report)) : Problems.NotFound("report");

    /// <summary>The ready report as JSON (totals, days, top items, chart names); 409 report_not_ready before.</summary>
    public static Task<IResult> DownloadReport(Guid id, IGrainFactory grains, ClaimsPrincipal user) => PartAsync(id, null, "application/json", grains, user);

    /// <summary>One of a ready report's charts as an SVG image.</summary>
    public static Task<IResult> GetChart(Guid id, string chart, IGrainFactory grains, ClaimsPrincipal user) => PartAsync(id, chart, "image/svg+xml", grains, user);

    private static async Task<IResult> PartAsync(Guid id, string? chart, string contentType, IGrainFactory grains, ClaimsPrincipal user)
    {
        var reader = grains.Ref<IAnalyticsReaderGrain>(0);
        if (await reader.ReportAsync(user.UserId(), id) is not { } report) return Problems.NotFound("report");
        if (report.Status != ReportStatus.Ready) return Problems.Result(409, "report_not_ready", $"The report is {report.Status.ToString().ToLowerInvariant()}.");
        if (chart is not null && !report.Charts.Contains(chart)) return Problems.NotFound("chart");
        var part = await reader.ReportPartAsync(user.UserId(), id, chart);
        return part is null ? Problems.NotFound("report") : TypedResults.Text(part, contentType);
    }

    private static AnalyticsReportResponse ToResponse(ReportInfo r)
    {
        var ready = r.Status == ReportStatus.Ready;
        return new AnalyticsReportResponse(r.Id, r.Status.ToString().ToLowerInvariant(), AnalyticsScopeName(r.Scope), r.Days, r.CreatedAt, r.ReadyAt,
            ready ? $"/api/v1/analytics/reports/{r.Id}/download" : null,
            ready ? [.. r.Charts.Select(c => $"/api/v1/analytics/reports/{r.Id}/charts/{c}")] : []);
    }
}
