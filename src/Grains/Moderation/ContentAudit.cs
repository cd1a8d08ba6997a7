using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Moderation;

/// <summary>The content.moderated row a domain appends in the transaction that changes an item's standing or sensitive flag.</summary>
public static class ContentAudit
{
    public static Task AppendAsync(Tx tx, AuditActor by, ModerationTargetType type, Guid id, ContentAction action, string? reason) =>
        AuditLog.AppendAsync(tx, new AuditEntry(by, AuditActions.ContentModerated, ModerationNames.Of(type), id.ToString(),
            string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), new { action = ContentModerationNames.Of(action) }));
}
