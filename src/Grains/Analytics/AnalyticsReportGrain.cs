using System.Text.Json;
using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Analytics;

namespace SocialFlow.Grains.Analytics;

/// <summary>
/// One report: recorded pending by <see cref="RequestAsync"/>, which then asks itself (one way) to generate it, so the
/// request answers at once. Its state is its row in analytics_reports.
/// </summary>
public sealed class AnalyticsReportGrain(AnalyticsReportStore reports, TimeProvider clock, ILogger<AnalyticsReportGrain> logger) : Grain, IAnalyticsReportGrain
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DictionaryKeyPolicy = null };

    /// <summary>The charts every report has: name, title, the daily metric drawn.</summary>
    public static readonly (string Name, string Title, string Metric)[] Charts =
    [
        ("views.svg", "Views per day", "views"),
        ("watch_time.svg", "Watch time per day (seconds)", "watch_seconds"),
        ("likes.svg", "Likes per day", "likes"),
        ("live_watch_time.svg", "Live watch time per day (seconds)", "live_watch_seconds"),
    ];

    public async Task<ReportInfo> RequestAsync(Guid ownerId, AnalyticsScope scope, int days)
    {
        var report = await reports.CreateAsync(this.GetPrimaryKey(), ownerId, scope, days, clock.GetUtcNow());
        if (report.Status == ReportStatus.Pending) await this.AsReference<IAnalyticsReportGrain>().GenerateAsync();
        return report;
    }

    public async Task GenerateAsync()
    {
        var id = this.GetPrimaryKey();
        if (await reports.GetAsync(id) is not { Status: ReportStatus.Pending } report) return;
        try
        {
            var to = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1);
            var key = report.Scope == AnalyticsScope.Platform ? AnalyticsStore.PlatformKey : report.OwnerId;
            var dashboard = await GrainFactory.Ref<IAnalyticsReaderGrain>(0).DashboardAsync(report.Scope, key, to.AddDays(-report.Days), to);
            var charts = Charts.ToDictionary(c => c.Name, c => SvgChart.Bars(c.Title, [.. dashboard.Days.Select(d => (d.Day, d.Metrics.GetValueOrDefault(c.Metric)))]));
            var body = JsonSerializer.Serialize(new
            {
                report_id = id,
                scope = AnalyticsStore.ScopeName(report.Scope),
                from = dashboard.From,
                to = dashboard.To,
                totals = dashboard.Totals,
                uniques = dashboard.Uniques,
                days = dashboard.Days.Select(d => new { day = d.Day, metrics = d.Metrics, uniques = d.Uniques }),
                top_items = dashboard.TopItems.Select(t => new { item_id = t.ItemId, views = t.Views, watch_seconds = t.WatchSeconds }),
                charts = charts.Keys,
            }, Json);
            await reports.FinishAsync(id, body, charts, clock.GetUtcNow());
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Analytics report {Report} could not be generated", id);
            await reports.FinishAsync(id, null, null, clock.GetUtcNow());
        }
    }
}
