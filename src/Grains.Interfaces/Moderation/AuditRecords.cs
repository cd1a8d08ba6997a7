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
}
