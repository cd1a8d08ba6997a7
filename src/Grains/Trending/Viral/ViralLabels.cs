using SocialFlow.Grains.Interfaces.Trending;

namespace SocialFlow.Grains.Trending.Viral;

/// <summary>
/// What "went viral" means on history: among the items of one kind created on the same UTC day (a cohort that competed
/// for the same 24 h trending list), the best <c>top</c> by points earned over their first 24 h (trending's weights), and
/// only if they earned any.
/// </summary>
public static class ViralLabels
{
    public static (DateOnly Day, TrendingKind Kind) CohortOf(ViralFacts f) => (DateOnly.FromDateTime(f.CreatedAt.UtcDateTime), f.Kind);

    public static HashSet<Guid> Viral(IEnumerable<ViralFacts> history, int top) =>
    [
        .. history.GroupBy(CohortOf)
            .SelectMany(c => c.Where(f => f.HorizonPoints > 0).OrderByDescending(f => f.HorizonPoints).ThenBy(f => f.Id).Take(top))
            .Select(f => f.Id),
    ];
}
