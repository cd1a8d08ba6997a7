using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Social;

public sealed partial class SocialGraphGrain
{
    public async Task<FollowResult> FollowAsync(Guid followerId)
    {
        NotSelf(followerId);
        if (IsBlocked(followerId)) return new FollowResult(FollowState.None, false, Blocked: true);
        var preferences = await GrainFactory.Ref<IUserGrain>(Me).GetPreferencesAsync();
        return await CommitAsync(() => store.FollowAsync(Me, followerId, preferences.PrivateAccount, Now));
    }

    public Task<FollowResult> UnfollowAsync(Guid followerId)
    {
        NotSelf(followerId);
        return CommitAsync(() => store.UnfollowAsync(Me, followerId, Now));
    }

    public Task<bool> ApproveAsync(Guid requesterId)
    {
        NotSelf(requesterId);
        return CommitAsync(() => store.ApproveAsync(Me, requesterId, Now));
    }

    public Task<bool> RejectAsync(Guid requesterId)
    {
        NotSelf(requesterId);
        return CommitAsync(() => store.RejectAsync(Me, requesterId));
    }

    public async Task<GraphOutcome> BlockAsync(Guid targetId)
    {
        NotSelf(targetId);
        return await CommitAsync(() => store.BlockAsync(Me, targetId, Now)) ? GraphOutcome.Changed : GraphOutcome.Unchanged;
    }

    public async Task<GraphOutcome> UnblockAsync(Guid targetId)
    {
        NotSelf(targetId);
        return await CommitAsync(() => store.UnblockAsync(Me, targetId, Now)) ? GraphOutcome.Changed : GraphOutcome.Unchanged;
    }

    public Task<GraphOutcome> MuteAsync(Guid targetId) => SetMuteAsync(targetId, true);

    public Task<GraphOutcome> UnmuteAsync(Guid targetId) => SetMuteAsync(targetId, false);

    private async Task<GraphOutcome> SetMuteAsync(Guid targetId, bool mute)
    {
        NotSelf(targetId);
        var changed = await store.SetMuteAsync(Me, targetId, mute, Now);
        // Replaced, not edited: GetMutedAsync's callers may still be enumerating the previous set's copy.
        var next = new HashSet<Guid>(_muting);
        Set(next, targetId, mute);
        _muting = next;
        return changed ? GraphOutcome.Changed : GraphOutcome.Unchanged;
    }

    /// <summary>
    /// Applies the committed pair state here and tells the other account's grain before answering, so both sides hold
    /// it when the caller hears back. If the notice fails the call fails; retrying is safe (every change is idempotent
    /// and re-sends the pair state). If the transaction's outcome is unknown, this activation re-loads from PostgreSQL.
    /// </summary>
    private async Task<T> CommitAsync<T>(Func<Task<PairChange<T>>> change)
    {
        PairChange<T> committed;
        try
        {
            committed = await change();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
        if (Apply(committed.Mine)) await blockLists.ChangedAsync(Me);
        await GrainFactory.Ref<ISocialGraphGrain>(committed.Mine.OtherId).NoticeAsync(committed.Theirs);
        return committed.Result;
    }

    private void NotSelf(Guid otherId)
    {
        if (otherId == Me) throw new ArgumentException("An account cannot follow, block or mute itself.", nameof(otherId));
    }
}
