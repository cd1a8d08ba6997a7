using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Moderation;

[StatelessWorker]
[Reentrant]
public sealed class AuditLogGrain(ModerationStore store) : Grain, IAuditLogGrain
{
    public Task<AuditPage> ListAsync(AuditFilter filter, PageCursor? after, int limit) => store.AuditAsync(filter, after, PageLimit.Clamp(limit));

    public Task RecordAsync(AuditActor actor, string action, string targetType, string targetId, string? reason) =>
        store.RecordAsync(new AuditEntry(actor, action, targetType, targetId, reason));
}
