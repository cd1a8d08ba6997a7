namespace SocialFlow.Grains.Interfaces.Analytics;

/// <summary>One event an app tracked, already validated by the API (type, fields, clock skew).</summary>
[GenerateSerializer, Immutable, Alias("tracked-event-v1")]
public sealed record TrackedEvent(
    [property: Id(0)] string ClientEventId,
    [property: Id(1)] string Type,
    [property: Id(2)] Guid? ItemId,
    [property: Id(3)] Guid? ProfileId,
    [property: Id(4)] Guid? AdId,
    [property: Id(5)] int? Seconds,
    [property: Id(6)] int? PositionPercent,
    [property: Id(7)] string? Source,
    [property: Id(8)] DateTimeOffset OccurredAt);

/// <summary>A batch from one app: who sent it (u:&lt;account&gt; or a:&lt;viewer id&gt;), its platform and network (never a whole address).</summary>
[GenerateSerializer, Immutable, Alias("tracked-batch-v1")]
public sealed record TrackedBatch(
    [property: Id(0)] string ActorKey,
    [property: Id(1)] Guid? UserId,
    [property: Id(2)] string? Platform,
    [property: Id(3)] string? IpPrefix,
    [property: Id(4)] IReadOnlyList<TrackedEvent> Events);

/// <summary>Accepted: stored and counted; duplicates: client event ids already stored; unknown items: events about no video or post.</summary>
[GenerateSerializer, Immutable, Alias("track-result-v1")]
public sealed record TrackResult([property: Id(0)] int Accepted, [property: Id(1)] int Duplicates, [property: Id(2)] int UnknownItems);

public enum AnalyticsScope
{
    Creator,
    Items,
    Platform,
}

/// <summary>One day's figures: additive metrics by name (revenue per currency as revenue:&lt;currency&gt;) and distinct counts.</summary>
[GenerateSerializer, Immutable, Alias("analytics-day-v1")]
public sealed record AnalyticsDay(
    [property: Id(0)] DateOnly Day,
    [property: Id(1)] IReadOnlyDictionary<string, long> Metrics,
    [property: Id(2)] IReadOnlyDictionary<string, long> Uniques);

[GenerateSerializer, Immutable, Alias("analytics-top-item-v1")]
public sealed record TopItem([property: Id(0)] Guid ItemId, [property: Id(1)] long Views, [property: Id(2)] long WatchSeconds);

/// <summary>
/// A dashboard over [From, To): the additive totals, the distinct counts over the whole range (viewers, or active
/// accounts for the platform; and for the platform the monthly actives of the 30 days ending at To), one entry per
/// day, and (creators) the top items by views.
/// </summary>
[GenerateSerializer, Immutable, Alias("analytics-dashboard-v1")]
public sealed record Dashboard(
    [property: Id(0)] AnalyticsScope Scope,
    [property: Id(1)] Guid Key,
    [property: Id(2)] DateOnly From,
    [property: Id(3)] DateOnly To,
    [property: Id(4)] IReadOnlyDictionary<string, long> Totals,
    [property: Id(5)] IReadOnlyDictionary<string, long> Uniques,
    [property: Id(6)] IReadOnlyList<AnalyticsDay> Days,
    [property: Id(7)] IReadOnlyList<TopItem> TopItems);

/// <summary>One row of an export: a rollup counter, or a distinct count (unique_viewers, active_accounts).</summary>
[GenerateSerializer, Immutable, Alias("analytics-export-row-v1")]
public sealed record ExportRow([property: Id(0)] DateOnly Day, [property: Id(1)] Guid Key, [property: Id(2)] string Metric, [property: Id(3)] long Value);

[GenerateSerializer, Immutable, Alias("analytics-export-page-v1")]
public sealed record ExportPage([property: Id(0)] IReadOnlyList<ExportRow> Rows, [property: Id(1)] ExportRow? Next);

public enum ReportStatus
{
    Pending,
    Ready,
    Failed,
}

[GenerateSerializer, Immutable, Alias("analytics-report-v1")]
public sealed record ReportInfo(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid OwnerId,
    [property: Id(2)] AnalyticsScope Scope,
    [property: Id(3)] int Days,
    [property: Id(4)] ReportStatus Status,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? ReadyAt,
    [property: Id(7)] IReadOnlyList<string> Charts);

/// <summary>A page of an owner's reports; <see cref="Next"/> resumes after its last one (null: no more).</summary>
[GenerateSerializer, Immutable, Alias("analytics-report-page-v1")]
public sealed record ReportPage([property: Id(0)] IReadOnlyList<ReportInfo> Items, [property: Id(1)] Paging.PageCursor? Next);

[GenerateSerializer, Immutable, Alias("analytics-rebuild-day-v1")]
public sealed record RebuiltDay([property: Id(0)] DateOnly Day, [property: Id(1)] long Events, [property: Id(2)] long Rollups);
