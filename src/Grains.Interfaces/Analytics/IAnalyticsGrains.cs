namespace SocialFlow.Grains.Interfaces.Analytics;

/// <summary>
/// Stores tracked batches (a stateless worker: each silo hands them to its own group-commit writer). Completes when
/// the events and their rollups are committed; events whose (actor, client event id) was already stored are dropped.
/// </summary>
public interface IAnalyticsTrackerGrain : IGrainWithIntegerKey
{
    Task<TrackResult> TrackAsync(TrackedBatch batch);
}

/// <summary>Reads rollups (a stateless worker). Callers have already decided that the asker may see the scope's key.</summary>
public interface IAnalyticsReaderGrain : IGrainWithIntegerKey
{
    /// <summary>The dashboard of a creator (key: the account) or of the platform over [from, to).</summary>
    Task<Dashboard> DashboardAsync(AnalyticsScope scope, Guid key, DateOnly from, DateOnly to);

    /// <summary>
    /// Daily rollup rows and distinct counts (unique_viewers, active_accounts) over [from, to) in (day, key, metric)
    /// order, after <paramref name="after"/>.
    /// </summary>
    Task<ExportPage> ExportPageAsync(AnalyticsScope scope, Guid key, DateOnly from, DateOnly to, ExportRow? after, int size);

    /// <summary>The owner's reports, newest first: a page of at most <paramref name="limit"/> after <paramref name="after"/>.</summary>
    Task<ReportPage> ReportsAsync(Guid ownerId, Paging.PageCursor? after, int limit);

    /// <summary>The report, if it is the owner's.</summary>
    Task<ReportInfo?> ReportAsync(Guid ownerId, Guid reportId);

    /// <summary>A ready report's JSON body, or one of its SVG charts, if it is the owner's.</summary>
    Task<string?> ReportPartAsync(Guid ownerId, Guid reportId, string? chart);
}

/// <summary>A report made on request (key: the report id): recorded pending, then generated in the background.</summary>
public interface IAnalyticsReportGrain : IGrainWithGuidKey
{
    Task<ReportInfo> RequestAsync(Guid ownerId, AnalyticsScope scope, int days);

    [Orleans.Concurrency.OneWay]
    Task GenerateAsync();
}

/// <summary>
/// Rebuilds the rollups of one UTC day from the raw events (key 0), as the live writer computes them, while tracking
/// goes on (writers wait for the day's rebuild). Days whose raw events are partly past retention are not rebuilt.
/// </summary>
public interface IAnalyticsRebuildGrain : IGrainWithIntegerKey
{
    /// <summary>The first day that can be rebuilt (the first whole day inside retention with raw events), or null.</summary>
    Task<DateOnly?> FirstRebuildableDayAsync();

    Task<RebuiltDay> RebuildDayAsync(DateOnly day);
}
