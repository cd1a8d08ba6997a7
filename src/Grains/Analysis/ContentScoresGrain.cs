using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Analysis;

namespace SocialFlow.Grains.Analysis;

[StatelessWorker, Reentrant]
public sealed class ContentScoresGrain(ContentScoreStore store) : Grain, IContentScoresGrain
{
    public Task<IReadOnlyList<ContentScore>> ScoresOfAsync(IReadOnlyList<Guid> targetIds) =>
        store.ScoresOfAsync([.. targetIds.Take(100)]);
}
