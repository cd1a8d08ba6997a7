using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Moderation;

/// <summary>Why something is reported; <see cref="Severity"/> weighs it in the queue's priority.</summary>
public static class ReportReasons
{
    public static readonly IReadOnlyDictionary<string, double> Severity = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["spam"] = 1, ["harassment"] = 3, ["hate"] = 4, ["violence"] = 4, ["sexual"] = 4, ["self_harm"] = 5,
        ["copyright"] = 2, ["misinformation"] = 2, ["illegal"] = 5, ["other"] = 1,
    };

    public static IReadOnlyCollection<string> All => Severity.Keys.ToArray();
}

[GenerateSerializer, Immutable]
public sealed record ReportDraft(
    [property: Id(0)] ModerationTargetType TargetType,
    [property: Id(1)] Guid TargetId,
    [property: Id(2)] string Reason,
    [property: Id(3)] string? Text,
    [property: Id(4)] IReadOnlyList<int> RuleIds);

/// <summary>A report as its reporter sees it: Outcome says what came of it (removed, warned, no_violation, …), never who decided.</summary>
[GenerateSerializer, Immutable]
public sealed record ReportView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] ModerationTargetType TargetType,
    [property: Id(2)] Guid TargetId,
    [property: Id(3)] string Reason,
    [property: Id(4)] string? Text,
    [property: Id(5)] IReadOnlyList<int> RuleIds,
    [property: Id(6)] string Status,
    [property: Id(7)] string? Outcome,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset? ResolvedAt);

public enum FileReportStatus { Created, Existing, NotFound, OwnContent }

[GenerateSerializer, Immutable]
public sealed record FileReportResult([property: Id(0)] FileReportStatus Status, [property: Id(1)] ReportView? Report = null);

[GenerateSerializer, Immutable]
public sealed record ReportPage([property: Id(0)] IReadOnlyList<ReportView> Items, [property: Id(1)] PageCursor? Next);

/// <summary>Reports: filing one, and a reporter's own list (key 0).</summary>
public interface IReportsGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Files a report: NotFound when the target does not exist or the reporter cannot see it, OwnContent for the
    /// reporter's own item or account, Existing (with that report) when the reporter already has an open report of the
    /// target. The target's open case gets the report and its priority is recomputed, in one transaction.
    /// </summary>
    Task<FileReportResult> FileAsync(Guid reporterId, ReportDraft draft);

    Task<ReportPage> ListMineAsync(Guid reporterId, PageCursor? after, int limit);
}
