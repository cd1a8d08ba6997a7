namespace SocialFlow.Grains.Trending.Viral;

/// <summary>
/// Precision at k of a ranking of items by their chance to trend: per cohort (a kind on a day, the items that competed
/// for one day's list), the share of the best k that did trend, averaged over the cohorts that had any viral item.
/// </summary>
public static class ViralMetrics
{
    public static double PrecisionAt(int k, IReadOnlyList<ViralFacts> items, IReadOnlySet<Guid> viral, Func<ViralFacts, double> score)
    {
        var cohorts = items.GroupBy(ViralLabels.CohortOf).Where(c => c.Any(f => viral.Contains(f.Id))).ToList();
        if (cohorts.Count == 0) return 0;
        return cohorts.Average(c =>
        {
            var best = c.OrderByDescending(score).ThenBy(f => f.Id).Take(k).ToList();
            return best.Count(f => viral.Contains(f.Id)) / (double)Math.Min(k, c.Count());
        });
    }
}
