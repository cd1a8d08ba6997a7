using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Ads;
using SocialFlow.Grains.Interfaces.Interests;

namespace SocialFlow.Grains.Interests;

/// <summary>
/// One person's interests (key: the user id), held in memory and loaded on activation. A change is written, then told
/// to the person's ad decision grain, which keeps the interests for targeting (so a decision reads no table for them)
/// and sees the change from its next decision on. Memory lists picked interests first, as the store reads them.
/// </summary>
public sealed class InterestsGrain(InterestStore store, TimeProvider clock) : Grain, IInterestsGrain
{
    private List<UserInterest> _interests = [];

    private Guid UserId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => _interests = await store.InterestsAsync(UserId);

    public Task<IReadOnlyList<UserInterest>> InterestsAsync() => Task.FromResult<IReadOnlyList<UserInterest>>(_interests);

    public async Task<IReadOnlyList<UserInterest>> SetPickedAsync(IReadOnlyList<string> interests)
    {
        var picked = interests.Select(Interest.Normalise).OfType<string>().Distinct(StringComparer.Ordinal).Take(Interest.MaxPicked)
            .Order(StringComparer.Ordinal).ToList();
        var now = clock.GetUtcNow();
        await store.SetPickedAsync(UserId, picked, now);
        _interests = [.. picked.Select(i => new UserInterest(i, InterestSource.Picked, 1, now)), .. _interests.Where(i => i.Source != InterestSource.Picked)];
        await GrainFactory.Ref<IAdViewerGrain>(UserId).InterestsChangedAsync([.. _interests.Select(i => i.Interest).Distinct()]);
        return _interests;
    }
}
