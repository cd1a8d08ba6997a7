using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Analytics;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Analytics;

[StatelessWorker]
public sealed class AnalyticsReaderGrain(AnalyticsStore store, AnalyticsReportStore reports) : Grain, IAnalyticsReaderGrain
{
    private const int TopItems = 10;

    public async Task<Dashboard> DashboardAsync(AnalyticsScope scope, Guid key, DateOnly from, DateOnly to)
    {
        var daily = store.DailyAsync(scope, key, from, to);
        var uniques = store.UniquesAsync(scope, key, from, to);
        var top = scope == AnalyticsScope.Creator ? store.TopItemsAsync(key, from, to, TopItems) : Task.FromResult(new List<TopItem>());
        var monthly = scope == AnalyticsScope.Platform ? store.UniquesAsync(scope, key, to.AddDays(-30), to) : null;
        var rows = await daily;
        var (uniqueDays, range) = await uniques;
        if (monthly is not null && (await monthly).Range.TryGetValue("active_accounts", out var mau)) range["monthly_active_accounts"] = mau;
        var totals = rows.GroupBy(r => r.Metric).ToDictionary(g => g.Key, g => g.Sum(r => r.Value));
        var (byDay, uniquesByDay) = (rows.ToLookup(r => r.Day), uniqueDays.ToLookup(r => r.Day));
        var days = new List<AnalyticsDay>();
        for (var day = from; day < to; day = day.AddDays(1))
        {
            days.Add(new AnalyticsDay(day, byDay[day].ToDictionary(r => r.Metric, r => r.Value), uniquesByDay[day].ToDictionary(r => r.Metric, r => r.Value)));
        }
        return new Dashboard(scope, key, from, to, totals, range, days, await top);
    }

    public async Task<ExportPage> ExportPageAsync(AnalyticsScope scope, Guid key, DateOnly from, DateOnly to, ExportRow? after, int size)
    {
        var rows = await store.ExportPageAsync(scope, key, from, to, after, size);
        return new ExportPage(rows, rows.Count == size ? rows[^1] : null);
    }

    public Task<ReportPage> ReportsAsync(Guid ownerId, PageCursor? after, int limit) => reports.ListAsync(ownerId, after, PageLimit.Clamp(limit));

    public async Task<ReportInfo?> ReportAsync(Guid ownerId, Guid reportId) =>
        await reports.GetAsync(reportId) is { } r && r.OwnerId == ownerId ? r : null;

    public Task<string?> ReportPartAsync(Guid ownerId, Guid reportId, string? chart) => reports.PartAsync(ownerId, reportId, chart);
}
