using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Moderation;

[StatelessWorker]
[Reentrant]
public sealed class ReportsGrain(ModerationStore store, ModerationTargets targets, IOptions<ModerationOptions> options, TimeProvider clock)
    : Grain, IReportsGrain
{
    public async Task<FileReportResult> FileAsync(Guid reporterId, ReportDraft draft)
    {
        if (await targets.SnapshotAsync(draft.TargetType, draft.TargetId) is not { } target || !await targets.VisibleToAsync(target, reporterId))
        {
            return new(FileReportStatus.NotFound);
        }
        if (target.OwnerId == reporterId) return new(FileReportStatus.OwnContent);
        // A chat message goes to its stream's own moderators first; the platform queue shows it after ChatEscalation.
        var seed = draft.TargetType == ModerationTargetType.ChatMessage
            ? new ModerationStore.CaseSeed(target, target.ParentId, clock.GetUtcNow() + options.Value.ChatEscalation)
            : new ModerationStore.CaseSeed(target, null, null);
        return await store.FileReportAsync(reporterId, draft, seed);
    }

    public Task<ReportPage> ListMineAsync(Guid reporterId, PageCursor? after, int limit) =>
        store.ReportsOfAsync(reporterId, after, PageLimit.Clamp(limit));
}
