using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Moderation;

[StatelessWorker]
[Reentrant]
public sealed class StrikesGrain(ModerationStore store, ModerationTargets targets, TimeProvider clock)
    : Grain, IStrikesGrain
{
    public Task<StrikePage> ListAsync(Guid accountId, PageCursor? after, int limit) => store.StrikesOfAsync(accountId, after, PageLimit.Clamp(limit));

    public Task<ModerationRecord> RecordOfAsync(Guid accountId) => store.RecordOfAsync(accountId);

    public async Task<AppealOutcome> AppealAsync(Guid accountId, Guid strikeId, string text)
    {
        if (await store.StrikeAsync(strikeId) is not { } strike || strike.AccountId != accountId) return new(AppealStatus.NotFound);
        if (strike.View.Appeal is not null) return new(AppealStatus.AlreadyAppealed, strike.View.Appeal);
        if (strike.View.Reversed) return new(AppealStatus.Reversed);
        if (clock.GetUtcNow() > strike.View.AppealableUntil) return new(AppealStatus.TooLate);
        // The queue item shows the struck item as it is now (an account: its profile).
        var struck = await targets.SnapshotAsync(strike.View.TargetType, strike.View.TargetId);
        if (!await store.InsertAppealAsync(strikeId, accountId, text, struck)) return new(AppealStatus.AlreadyAppealed, (await store.StrikeAsync(strikeId))?.View.Appeal);
        return new(AppealStatus.Filed, (await store.StrikeAsync(strikeId))?.View.Appeal);
    }

    public Task<AppealPage> ListPendingAppealsAsync(PageCursor? after, int limit) => store.PendingAppealsAsync(after, PageLimit.Clamp(limit));
}
