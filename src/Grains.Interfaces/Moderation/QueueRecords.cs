using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Moderation;

/// <summary>What a moderator decides for a case. Content actions act on the item, account actions on its owner (or
/// the reported account). Remove, MarkSensitive, Warn, Limit and Suspend leave a strike on the owner's account;
/// Restore and UnmarkSensitive undo a removal or a sensitive mark (and reverse its strikes); Hold hides the item and
/// keeps the case open for a later decision.</summary>
public enum CaseAction { Dismiss, Remove, MarkSensitive, Approve, Warn, Limit, Suspend, Restore, UnmarkSensitive, Hold }

public static class CaseActions
{
    public static readonly IReadOnlyDictionary<string, CaseAction> ByName = new Dictionary<string, CaseAction>(StringComparer.Ordinal)
    {
        ["dismiss"] = CaseAction.Dismiss, ["remove"] = CaseAction.Remove, ["mark_sensitive"] = CaseAction.MarkSensitive,
        ["approve"] = CaseAction.Approve, ["warn"] = CaseAction.Warn, ["limit"] = CaseAction.Limit, ["suspend"] = CaseAction.Suspend,
        ["restore"] = CaseAction.Restore, ["unmark_sensitive"] = CaseAction.UnmarkSensitive, ["hold"] = CaseAction.Hold,
    };

    /// <summary>Whether the action sanctions the owner: a strike, and the reporters' reports count as accurate.</summary>
    public static bool Strikes(CaseAction action) =>
        action is CaseAction.Remove or CaseAction.MarkSensitive or CaseAction.Warn or CaseAction.Limit or CaseAction.Suspend;

    public static string Name(CaseAction action) => ByName.First(p => p.Value == action).Key;

    /// <summary>The outcome a reporter is told.</summary>
    public static string Outcome(CaseAction action) => action switch
    {
        CaseAction.Dismiss or CaseAction.Approve or CaseAction.Restore or CaseAction.UnmarkSensitive => "no_violation",
        CaseAction.Hold => "held",
        CaseAction.Remove => "removed",
        CaseAction.MarkSensitive => "marked_sensitive",
        CaseAction.Warn => "warned",
        CaseAction.Limit => "limited",
        _ => "suspended",
    };
}

[GenerateSerializer, Immutable]
public sealed record QueueFilter(
    [property: Id(0)] bool Resolved,
    [property: Id(1)] ModerationTargetType? TargetType,
    [property: Id(2)] string? Reason);

[GenerateSerializer, Immutable]
public sealed record ReportExcerpt([property: Id(0)] string Reason, [property: Id(1)] string? Text, [property: Id(2)] DateTimeOffset CreatedAt);

/// <summary>One target's case: its reports and flags, what the target looked like when first reported, its author's
/// strikes, its priority and who holds a claim on it. An appeal is a case too (TargetType Appeal, Id and TargetId the
/// appeal's id): Appeal carries it and the strike, Snapshot the struck item, OwnerId the appellant.</summary>
[GenerateSerializer, Immutable]
public sealed record QueueItem(
    [property: Id(0)] Guid Id,
    [property: Id(1)] ModerationTargetType TargetType,
    [property: Id(2)] Guid TargetId,
    [property: Id(3)] string Status,
    [property: Id(4)] double Priority,
    [property: Id(5)] int ReportCount,
    [property: Id(6)] int ReporterCount,
    [property: Id(7)] IReadOnlyList<string> Reasons,
    [property: Id(8)] IReadOnlyList<string> Flags,
    [property: Id(9)] bool Held,
    [property: Id(10)] IReadOnlyList<ReportExcerpt> LatestReports,
    [property: Id(11)] ModeratedItem? Snapshot,
    [property: Id(12)] Guid OwnerId,
    [property: Id(13)] string? OwnerUsername,
    [property: Id(14)] int OwnerStrikes,
    [property: Id(15)] Guid? ClaimedBy,
    [property: Id(16)] DateTimeOffset? ClaimedUntil,
    [property: Id(17)] DateTimeOffset OpenedAt,
    [property: Id(18)] string? Action,
    [property: Id(19)] AppealView? Appeal = null);

[GenerateSerializer, Immutable]
public sealed record QueuePage([property: Id(0)] IReadOnlyList<QueueItem> Items, [property: Id(1)] PageCursor? Next);

/// <summary>A moderator's decision on a case. Duration bounds a limit or suspension (null: for good).</summary>
[GenerateSerializer, Immutable]
public sealed record CaseResolution(
    [property: Id(0)] CaseAction Action,
    [property: Id(1)] string Reason,
    [property: Id(2)] string? Note,
    [property: Id(3)] TimeSpan? Duration);

/// <summary>Who acts: their id, whether they are an admin (moderators may not act on admins) and the audit actor.</summary>
[GenerateSerializer, Immutable]
public sealed record Moderator([property: Id(0)] Guid Id, [property: Id(1)] bool IsAdmin, [property: Id(2)] AuditActor Audit);

public enum CaseOutcomeStatus { Done, NotFound, Closed, ClaimedByOther, Forbidden, NotApplicable }

[GenerateSerializer, Immutable]
public sealed record CaseOutcome(
    [property: Id(0)] CaseOutcomeStatus Status,
    [property: Id(1)] QueueItem? Item = null,
    [property: Id(2)] string? Detail = null);

/// <summary>The moderation queue (key 0): pages of cases, claims and decisions.</summary>
public interface IModerationQueueGrain : IGrainWithIntegerKey
{
    /// <summary>Open cases by priority, highest first (chat message cases once their stream's moderators had their time),
    /// or resolved ones newest first.</summary>
    Task<QueuePage> ListAsync(QueueFilter filter, PageCursor? after, int limit);

    Task<QueueItem?> GetAsync(Guid caseId);

    /// <summary>Claims the case for the configured claim time (SocialFlow:Moderation:ClaimTime); ClaimedByOther while another moderator's claim runs.</summary>
    Task<CaseOutcome> ClaimAsync(Guid caseId, Moderator by);

    /// <summary>
    /// Applies the action to the target, leaves a strike, resolves every open report of the target and closes the case;
    /// the account and the reporters are told. On an appeal, approve grants it (the strike's action reversed, the strike
    /// marked reversed) and dismiss rejects it; the appellant is told either way. ClaimedByOther when someone else holds the claim, Forbidden when the
    /// moderator owns the target or (not being an admin) the target's owner is an admin, NotApplicable when the action
    /// does not fit the target (e.g. mark_sensitive on an account).
    /// </summary>
    Task<CaseOutcome> ResolveAsync(Guid caseId, Moderator by, CaseResolution resolution);

    /// <summary>
    /// A moderator acts on a target directly, reported or not: its open case (opened if it has none) is resolved with the
    /// action, as <see cref="ResolveAsync"/> does. NotFound when the target does not exist; NotApplicable for an appeal.
    /// </summary>
    Task<CaseOutcome> ActAsync(ModerationTargetType type, Guid targetId, Moderator by, CaseResolution resolution);

    /// <summary>An action on an account outside any report (the admin's ban and unban): a strike, an audit row, a notice.</summary>
    Task<CaseOutcome> ActOnAccountAsync(Guid accountId, Moderator by, CaseResolution resolution);

    Task<CaseOutcome> LiftSuspensionAsync(Guid accountId, Moderator by, string reason);

    /// <summary>A stream's open chat-message cases, for its own moderators (the caller checked they are), highest priority first.</summary>
    Task<QueuePage> ListStreamReportsAsync(Guid streamId, PageCursor? after, int limit);

    /// <summary>
    /// A stream moderator (checked by the caller) decides one of the stream's chat-message cases: remove deletes the
    /// message from the room, dismiss finds nothing wrong; either closes the case and tells its reporters. No strike:
    /// that is the platform's. NotFound when the case is not this stream's.
    /// </summary>
    Task<CaseOutcome> ResolveForStreamAsync(Guid streamId, Guid caseId, Moderator by, bool remove, string reason);
}
