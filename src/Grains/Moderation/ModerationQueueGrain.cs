using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Live.Chat;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Moderation;

/// <summary>
/// The queue's reads and decisions. Claims and closing are conditional updates in PostgreSQL, so any activation on any
/// silo may serve them: a second moderator's resolve finds the claim and gets ClaimedByOther.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class ModerationQueueGrain(ModerationStore store, ModerationTargets targets, IGrainFactory grains,
    IOptions<ModerationOptions> options, TimeProvider clock) : Grain, IModerationQueueGrain
{
    public Task<QueuePage> ListAsync(QueueFilter filter, PageCursor? after, int limit) => store.QueueAsync(filter, after, PageLimit.Clamp(limit));

    public Task<QueueItem?> GetAsync(Guid caseId) => store.CaseAsync(caseId);

    public async Task<CaseOutcome> ClaimAsync(Guid caseId, Moderator by)
    {
        if (await store.CaseAsync(caseId) is not { } item) return new(CaseOutcomeStatus.NotFound);
        if (await RefusalAsync(item, by) is { } refused) return refused;
        if (!await store.ClaimAsync(caseId, by.Id, options.Value.ClaimTime)) return await WhyNotAsync(caseId);
        return new(CaseOutcomeStatus.Done, await store.CaseAsync(caseId));
    }

    public async Task<CaseOutcome> ResolveAsync(Guid caseId, Moderator by, CaseResolution resolution)
    {
        if (await store.CaseAsync(caseId) is not { } item) return new(CaseOutcomeStatus.NotFound);
        if (await RefusalAsync(item, by) is { } refused) return refused;
        if (item.TargetType == ModerationTargetType.Appeal) return await DecideAppealAsync(item, by, resolution);
        if (!Fits(item.TargetType, resolution.Action)) return new(CaseOutcomeStatus.NotApplicable, item, $"{CaseActions.Name(resolution.Action)} does not apply to a {ModerationNames.Of(item.TargetType)}");
        // Hold the claim while acting, so nobody else decides the same case meanwhile.
        if (!await store.ClaimAsync(caseId, by.Id, options.Value.ClaimTime)) return await WhyNotAsync(caseId);
        var until = resolution.Duration is { } d ? clock.GetUtcNow() + d : (DateTimeOffset?)null;
        await ApplyAsync(item, resolution, until, by);
        if (resolution.Action == CaseAction.Hold)
        {
            // Hidden now, decided later: the case stays open (and claimed) with the hold.
            await store.HoldCaseAsync(caseId);
            return new(CaseOutcomeStatus.Done, await store.CaseAsync(caseId));
        }
        if (!await store.CloseCaseAsync(item, new ModerationStore.Closing(resolution.Action, resolution.Reason, resolution.Note, until, by)))
        {
            return await WhyNotAsync(caseId);
        }
        return new(CaseOutcomeStatus.Done, await store.CaseAsync(caseId));
    }

    public async Task<CaseOutcome> ActAsync(ModerationTargetType type, Guid targetId, Moderator by, CaseResolution resolution)
    {
        if (type == ModerationTargetType.Appeal) return new(CaseOutcomeStatus.NotApplicable, Detail: "An appeal is decided through its queue item.");
        if (await targets.SnapshotAsync(type, targetId) is not { } target) return new(CaseOutcomeStatus.NotFound);
        // Refused before a case is opened, so a refusal leaves nothing behind.
        if (!Fits(type, resolution.Action)) return new(CaseOutcomeStatus.NotApplicable, Detail: $"{CaseActions.Name(resolution.Action)} does not apply to a {ModerationNames.Of(type)}");
        if (await OwnerRefusalAsync(target.OwnerId, by) is { } refused) return refused;
        var stream = type == ModerationTargetType.ChatMessage ? target.ParentId : null;
        var caseId = await store.FindOrOpenCaseAsync(new ModerationStore.CaseSeed(target, stream, null));
        return await ResolveAsync(caseId, by, resolution);
    }

    public async Task<CaseOutcome> ActOnAccountAsync(Guid accountId, Moderator by, CaseResolution resolution)
    {
        if (await OwnerRefusalAsync(accountId, by) is { } refused) return refused;
        var until = resolution.Duration is { } d ? clock.GetUtcNow() + d : (DateTimeOffset?)null;
        if (await targets.SanctionAsync(accountId, AccountActionOf(resolution.Action)!.Value, until, by.Audit, resolution.Reason) is null)
        {
            return new(CaseOutcomeStatus.NotFound);
        }
        await store.StrikeAccountAsync(accountId, new ModerationStore.Closing(resolution.Action, resolution.Reason, resolution.Note, until, by));
        return new(CaseOutcomeStatus.Done);
    }

    public async Task<CaseOutcome> LiftSuspensionAsync(Guid accountId, Moderator by, string reason)
    {
        if (await OwnerRefusalAsync(accountId, by) is { } refused) return refused;
        return await targets.SanctionAsync(accountId, AccountAction.Unsuspend, null, by.Audit, reason) is null
            ? new(CaseOutcomeStatus.NotFound)
            : new(CaseOutcomeStatus.Done);
    }

    public Task<QueuePage> ListStreamReportsAsync(Guid streamId, PageCursor? after, int limit) =>
        store.StreamCasesAsync(streamId, after, PageLimit.Clamp(limit));

    public async Task<CaseOutcome> ResolveForStreamAsync(Guid streamId, Guid caseId, Moderator by, bool remove, string reason)
    {
        // The case's snapshot names the message's stream (ParentId).
        if (await store.CaseAsync(caseId) is not { TargetType: ModerationTargetType.ChatMessage } item || item.Snapshot?.ParentId != streamId)
        {
            return new(CaseOutcomeStatus.NotFound);
        }
        if (item.Status != "open") return new(CaseOutcomeStatus.Closed, item);
        if (item.OwnerId == by.Id) return new(CaseOutcomeStatus.Forbidden, item, "Moderators do not decide on their own messages.");
        if (!await store.ClaimAsync(caseId, by.Id, options.Value.ClaimTime)) return await WhyNotAsync(caseId);
        if (remove && await grains.Ref<ILiveRoomGrain>(streamId).DeleteMessageAsync(by.Id, item.TargetId) is { } refused
            && refused.Code != ChatRefusal.NotFound)
        {
            return new(CaseOutcomeStatus.Forbidden, item, refused.Reason);
        }
        var closing = new ModerationStore.Closing(remove ? CaseAction.Remove : CaseAction.Dismiss, reason, "by the stream's moderators", null, by, Strike: false);
        return await store.CloseCaseAsync(item, closing) ? new(CaseOutcomeStatus.Done, await store.CaseAsync(caseId)) : await WhyNotAsync(caseId);
    }

    /// <summary>Approve grants the appeal (the action undone first, so a crash before the decision leaves it pending and
    /// deciding again repeats an undo that changes nothing); dismiss rejects it.</summary>
    private async Task<CaseOutcome> DecideAppealAsync(QueueItem item, Moderator by, CaseResolution resolution)
    {
        if (resolution.Action is not (CaseAction.Approve or CaseAction.Dismiss))
        {
            return new(CaseOutcomeStatus.NotApplicable, item, "An appeal is approved (the action is reversed) or dismissed.");
        }
        if (!await store.ClaimAsync(item.Id, by.Id, options.Value.ClaimTime)) return await WhyNotAsync(item.Id);
        var approve = resolution.Action == CaseAction.Approve;
        if (approve) await targets.ReverseAsync(item.Appeal!.Strike!, item.OwnerId, by.Audit, resolution.Reason);
        return await store.DecideAppealAsync(item, by, approve, resolution.Reason, resolution.Note)
            ? new(CaseOutcomeStatus.Done, await store.CaseAsync(item.Id))
            : await WhyNotAsync(item.Id);
    }

    /// <summary>Nobody decides on their own things; only admins decide on an admin's.</summary>
    private async Task<CaseOutcome?> RefusalAsync(QueueItem item, Moderator by)
    {
        if (item.Status != "open") return new(CaseOutcomeStatus.Closed, item);
        return await OwnerRefusalAsync(item.OwnerId, by) is { } refused ? refused with { Item = item } : null;
    }

    private async Task<CaseOutcome?> OwnerRefusalAsync(Guid ownerId, Moderator by)
    {
        if (ownerId == by.Id) return new(CaseOutcomeStatus.Forbidden, Detail: "Moderators do not decide on their own content or account.");
        if (by.IsAdmin) return null;
        var owner = await grains.Ref<IUserGrain>(ownerId).GetPrivateProfileAsync();
        return owner?.Roles.Contains(AccountRoles.Admin) == true
            ? new(CaseOutcomeStatus.Forbidden, Detail: "Only an admin decides on an admin's content or account.")
            : null;
    }

    private async Task<CaseOutcome> WhyNotAsync(Guid caseId) =>
        await store.CaseAsync(caseId) is { } now
            ? new(now.Status == "open" ? CaseOutcomeStatus.ClaimedByOther : CaseOutcomeStatus.Closed, now)
            : new(CaseOutcomeStatus.NotFound);

    private async Task ApplyAsync(QueueItem item, CaseResolution resolution, DateTimeOffset? until, Moderator by)
    {
        if (ContentActionOf(resolution.Action, item.Held) is { } contentAction)
        {
            await targets.ApplyAsync(item.TargetType, item.TargetId, contentAction, by.Audit, resolution.Reason);
        }
        if (AccountActionOf(resolution.Action) is { } accountAction and not AccountAction.Warn)
        {
            await targets.SanctionAsync(item.OwnerId, accountAction, until, by.Audit, resolution.Reason);
        }
    }

    private static bool Fits(ModerationTargetType type, CaseAction action) =>
        type != ModerationTargetType.User || action is CaseAction.Dismiss or CaseAction.Warn or CaseAction.Limit or CaseAction.Suspend;

    /// <summary>A dismissed case of a held item approves it: nothing was wrong with it.</summary>
    private static ContentAction? ContentActionOf(CaseAction action, bool held) => action switch
    {
        CaseAction.Remove => ContentAction.Remove,
        CaseAction.MarkSensitive => ContentAction.MarkSensitive,
        CaseAction.Approve => ContentAction.Approve,
        CaseAction.Dismiss when held => ContentAction.Approve,
        CaseAction.Restore => ContentAction.Restore,
        CaseAction.UnmarkSensitive => ContentAction.UnmarkSensitive,
        CaseAction.Hold => ContentAction.Hold,
        _ => null,
    };

    private static AccountAction? AccountActionOf(CaseAction action) => action switch
    {
        CaseAction.Warn => AccountAction.Warn,
        CaseAction.Limit => AccountAction.Limit,
        CaseAction.Suspend => AccountAction.Suspend,
        _ => null,
    };
}
