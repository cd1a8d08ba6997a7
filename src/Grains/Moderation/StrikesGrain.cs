using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Moderation;

[StatelessWorker]
public sealed class StrikesGrain(ModerationStore store, ModerationTargets targets, IOptions<ModerationOptions> options, TimeProvider clock)
    : Grain, IStrikesGrain
{
    private TimeSpan Window => options.Value.AppealWindow;

    public Task<StrikePage> ListAsync(Guid accountId, PageCursor? after, int limit) => store.StrikesOfAsync(accountId, after, PageLimit.Clamp(limit), Window);

    public Task<int> CountAsync(Guid accountId) => store.StrikeCountAsync(accountId);

    public Task<IReadOnlyDictionary<Guid, int>> CountsAsync(IReadOnlyList<Guid> accountIds) => store.StrikeCountsAsync(accountIds);

    public Task<ModerationRecord> RecordOfAsync(Guid accountId) => store.RecordOfAsync(accountId);

    public async Task<AppealOutcome> AppealAsync(Guid accountId, Guid strikeId, string text)
    {
        if (await store.StrikeAsync(strikeId, Window) is not { } strike || strike.AccountId != accountId) return new(AppealStatus.NotFound);
        if (strike.View.Appeal is not null) return new(AppealStatus.AlreadyAppealed, strike.View.Appeal);
        if (strike.View.Reversed) return new(AppealStatus.Reversed);
        if (clock.GetUtcNow() > strike.View.AppealableUntil) return new(AppealStatus.TooLate);
        if (!await store.InsertAppealAsync(strikeId, accountId, text)) return new(AppealStatus.AlreadyAppealed, (await store.StrikeAsync(strikeId, Window))?.View.Appeal);
        return new(AppealStatus.Filed, (await store.StrikeAsync(strikeId, Window))?.View.Appeal);
    }

    public Task<AppealPage> ListPendingAppealsAsync(PageCursor? after, int limit) => store.PendingAppealsAsync(after, PageLimit.Clamp(limit), Window);

    /// <summary>NotFound also for a moderator's own appeal: nobody decides on their own strike.</summary>
    public async Task<AppealOutcome> DecideAsync(Guid appealId, Moderator by, bool approve, string reason)
    {
        if (await store.AppealAsync(appealId, Window) is not { } appeal) return new(AppealStatus.NotFound);
        if (appeal.AccountId == by.Id) return new(AppealStatus.NotFound);
        if (appeal.Status != "pending") return new(AppealStatus.AlreadyDecided, appeal);
        if (approve) await ReverseAsync(appeal.Strike!, appeal.AccountId, by, reason);
        if (!await store.DecideAppealAsync(appeal, by, approve, reason)) return new(AppealStatus.AlreadyDecided, await store.AppealAsync(appealId, Window));
        return new(AppealStatus.Decided, await store.AppealAsync(appealId, Window));
    }

    private async Task ReverseAsync(StrikeView strike, Guid accountId, Moderator by, string reason)
    {
        var audit = by.Audit;
        switch (strike.Action)
        {
            case "remove": await targets.ApplyAsync(strike.TargetType, strike.TargetId, ContentAction.Restore, audit, reason); break;
            case "mark_sensitive": await targets.ApplyAsync(strike.TargetType, strike.TargetId, ContentAction.UnmarkSensitive, audit, reason); break;
            case "limit": await targets.SanctionAsync(accountId, AccountAction.Unlimit, null, audit, reason); break;
            case "suspend": await targets.SanctionAsync(accountId, AccountAction.Unsuspend, null, audit, reason); break;
        }
    }
}
