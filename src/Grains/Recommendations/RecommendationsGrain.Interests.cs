using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Interests;
using SocialFlow.Grains.Recommendations.Ranking;

namespace SocialFlow.Grains.Recommendations;

public sealed partial class RecommendationsGrain
{
    private const int InferredTags = 10, InferredAccounts = 5;

    /// <summary>
    /// The viewer's profile from their signals, adjusted by their interests: a picked tag weighs as much as one engaged
    /// item (so a new account starts from its picks), and a removed tag or account is left out altogether.
    /// </summary>
    private async Task<(List<Guid> Recent, ViewerProfile Profile)> ProfileAsync()
    {
        var (recent, profile, picked, removed) = await signals.ReadAsync(UserId, options.Value.LongViewSeconds, InteractionGraph.RecentPositives);
        foreach (var interest in picked) profile.TagWeights[interest] = profile.TagWeights.GetValueOrDefault(interest) + 1;
        foreach (var interest in removed)
        {
            profile.TagWeights.Remove(interest);
            if (Interest.AccountOf(interest) is { } account) profile.AuthorAffinity.Remove(account);
        }
        profile.NormaliseTags();
        return ([.. recent], profile);
    }

    public async Task RefreshInterestsAsync()
    {
        var (_, profile, _, _) = await signals.ReadAsync(UserId, options.Value.LongViewSeconds, InteractionGraph.RecentPositives);
        profile.NormaliseTags();
        double authors = Math.Max(1, profile.AuthorAffinity.Values.Sum());
        List<InferredInterest> inferred =
        [
            .. profile.TagWeights.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Take(InferredTags)
                .Select(t => new InferredInterest(t.Key, Math.Round(t.Value, 3))),
            .. profile.AuthorAffinity.OrderByDescending(a => a.Value).ThenBy(a => a.Key).Take(InferredAccounts)
                .Select(a => new InferredInterest(Interest.Account(a.Key), Math.Round(a.Value / authors, 3))),
        ];
        await GrainFactory.Ref<IInterestsGrain>(UserId).SetInferredAsync(inferred);
    }
}
