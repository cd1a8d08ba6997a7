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

    public const string CaseResolved = "case.resolved";
    public const string AppealDecided = "appeal.decided";
    public const string WatchedWordsChanged = "watched_words.changed";
    public const string SystemNotificationSent = "notification.system_sent";

    /// <summary>An admin read another account's private details (email, sessions, reports).</summary>
    public const string PrivateDetailsRead = "account.private_details_read";
}
