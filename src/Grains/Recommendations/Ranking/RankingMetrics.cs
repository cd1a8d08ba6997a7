namespace SocialFlow.Grains.Recommendations.Ranking;

/// <summary>Ranking quality: NDCG@k and recall@k of one ranked list against the relevant items, and AUC of scored labels.</summary>
public static class RankingMetrics
{
    public static double Ndcg(IReadOnlyList<Guid> ranked, IReadOnlySet<Guid> relevant, int k)
    {
        if (relevant.Count == 0) return 0;
        double dcg = 0, ideal = 0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++) if (relevant.Contains(ranked[i])) dcg += 1 / Math.Log2(i + 2);
        for (var i = 0; i < Math.Min(k, relevant.Count); i++) ideal += 1 / Math.Log2(i + 2);
        return dcg / ideal;
    }

    public static double Recall(IReadOnlyList<Guid> ranked, IReadOnlySet<Guid> relevant, int k) =>
        relevant.Count == 0 ? 0 : ranked.Take(k).Count(relevant.Contains) / (double)relevant.Count;

    /// <summary>The chance that a random positive scores above a random negative (ties count half).</summary>
    public static double Auc(IReadOnlyList<(float Score, bool Label)> scored)
    {
        var sorted = scored.OrderBy(s => s.Score).ToList();
        double positives = sorted.Count(s => s.Label), negatives = sorted.Count - positives;
        if (positives == 0 || negatives == 0) return 0.5;
        double rankSum = 0;
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j < sorted.Count && sorted[j].Score == sorted[i].Score) j++;
            var averageRank = (i + j + 1) / 2.0;
            for (var k = i; k < j; k++) if (sorted[k].Label) rankSum += averageRank;
            i = j;
        }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }
}
