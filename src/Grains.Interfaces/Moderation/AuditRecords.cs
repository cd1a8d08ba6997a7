namespace SocialFlow.Grains.Interfaces.Moderation;

/// <summary>
/// Who performs a privileged action, for its audit_log row: the signed-in user and the request's id, or the operator's
/// command line (no user).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuditActor([property: Id(0)] Guid? UserId, [property: Id(1)] string? RequestId)
{
    public static AuditActor CommandLine { get; } = new(null, null);
}

/// <summary>The actions the audit log names.</summary>
public static class AuditActions
{
    public const string RoleChanged = "role.changed";

    /// <summary>A moderation action on an item (details: the action, e.g. remove, restore, mark_sensitive, hold, approve).</summary>
    public const string ContentModerated = "content.moderated";

    /// <summary>An action on an account (details: warn, limit, unlimit, suspend, unsuspend, and until when).</summary>
    public const string AccountSanctioned = "account.sanctioned";

    /// <summary>An admin hid a video, post or hashtag from trending, or showed it again (details: hidden true or false).</summary>
    public const string TrendHidden = "trend.hidden";

    /// <summary>An admin retrained the recommendation model (details: accepted, version, outcome, metrics).</summary>
    public const string ModelRetrained = "ml.retrained";

    public const string CaseResolved = "case.resolved";
    public const string AppealDecided = "appeal.decided";
    public const string WatchedWordsChanged = "watched_words.changed";
    public const string SystemNotificationSent = "notification.system_sent";

    /// <summary>An admin read another account's private details (email, sessions, reports).</summary>
    public const string PrivateDetailsRead = "account.private_details_read";

    /// <summary>An admin refunded a payment (details: amount, currency, refund_id), written with the refund's ledger transaction.</summary>
    public const string PaymentRefunded = "payment.refunded";

    /// <summary>An admin ran the payments reconciliation (details: what it checked and repaired).</summary>
    public const string PaymentsReconciled = "payments.reconciled";

    /// <summary>An admin held or released a creator's payouts (details: held).</summary>
    public const string PayoutsHeld = "payouts.held";

    /// <summary>An admin ran the payouts now (details: how many were made).</summary>
    public const string PayoutsRun = "payouts.run";
}

/// <summary>One audit_log row as admins read it; Details is the action's JSON (null when it kept none).</summary>
[GenerateSerializer, Immutable]
public sealed record AuditRecord(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] Guid? ActorId,
    [property: Id(3)] string? ActorUsername,
    [property: Id(4)] string Action,
    [property: Id(5)] string TargetType,
    [property: Id(6)] string TargetId,
    [property: Id(7)] string? Reason,
    [property: Id(8)] string? RequestId,
    [property: Id(9)] string? Details);

/// <summary>Rows of one actor, one action, one target (target id alone, or with its type), any combination.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditFilter(
    [property: Id(0)] Guid? ActorId,
    [property: Id(1)] string? Action,
    [property: Id(2)] string? TargetType,
    [property: Id(3)] string? TargetId);

[GenerateSerializer, Immutable]
public sealed record AuditPage([property: Id(0)] IReadOnlyList<AuditRecord> Items, [property: Id(1)] Paging.PageCursor? Next);

/// <summary>The audit log (key 0): admins' reads, and a row for a privileged action that writes nothing of its own.</summary>
public interface IAuditLogGrain : IGrainWithIntegerKey
{
    /// <summary>Newest first.</summary>
    Task<AuditPage> ListAsync(AuditFilter filter, Paging.PageCursor? after, int limit);

    /// <summary>For an action whose effect is not a row of ours (a notification sent, private details read): the row is
    /// written before the action, so there is never an action without its row.</summary>
    Task RecordAsync(AuditActor actor, string action, string targetType, string targetId, string? reason);
}
