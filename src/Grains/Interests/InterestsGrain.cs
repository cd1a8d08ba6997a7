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

    public Task<IReadOnlyList<UserInterest>> InterestsAsync() => Task.FromResult(Shown);

    private IReadOnlyList<UserInterest> Shown => [.. _interests.Where(i => i.Source != InterestSource.Removed)];

    public async Task<IReadOnlyList<UserInterest>> SetPickedAsync(IReadOnlyList<string> interests)
    {
        var picked = interests.Select(Interest.Normalise).OfType<string>().Distinct(StringComparer.Ordinal).Take(Interest.MaxPicked)
            .Order(StringComparer.Ordinal).ToList();
        var now = clock.GetUtcNow();
        await store.SetPickedAsync(UserId, picked, now);
        _interests = [.. picked.Select(i => new UserInterest(i, InterestSource.Picked, 1, now)), .. _interests.Where(i => i.Source != InterestSource.Picked)];
        await GrainFactory.Ref<IAdViewerGrain>(UserId).InterestsChangedAsync([.. Shown.Select(i => i.Interest).Distinct()]);
        return Shown;
    }

    public async Task<IReadOnlyList<UserInterest>> SetInferredAsync(IReadOnlyList<InferredInterest> interests)
    {
        var removed = _interests.Where(i => i.Source == InterestSource.Removed).Select(i => i.Interest).ToHashSet(StringComparer.Ordinal);
        var kept = interests.Where(i => !removed.Contains(i.Interest)).DistinctBy(i => i.Interest).ToList();
        var current = _interests.Where(i => i.Source == InterestSource.Inferred).Select(i => (i.Interest, i.Weight));
        if (current.SequenceEqual(kept.Select(i => (i.Interest, i.Weight)))) return Shown;
        var now = clock.GetUtcNow();
        await store.SetInferredAsync(UserId, kept, now);
        _interests = [.. _interests.Where(i => i.Source != InterestSource.Inferred), .. kept.Select(i => new UserInterest(i.Interest, InterestSource.Inferred, i.Weight, now))];
        return Shown;
    }

    public async Task<bool> RemoveAsync(string interest)
    {
        if (!_interests.Any(i => i.Interest == interest && i.Source != InterestSource.Removed)) return false;
        var now = clock.GetUtcNow();
        await store.RemoveAsync(UserId, interest, now);
        var wasPicked = _interests.Any(i => i.Interest == interest && i.Source == InterestSource.Picked);
        _interests = [.. _interests.Where(i => i.Interest != interest), new UserInterest(interest, InterestSource.Removed, 0, now)];
        if (wasPicked) await GrainFactory.Ref<IAdViewerGrain>(UserId).InterestsChangedAsync([.. Shown.Select(i => i.Interest).Distinct()]);
        return true;
    }
}
