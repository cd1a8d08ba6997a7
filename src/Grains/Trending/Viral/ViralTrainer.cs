using System.Diagnostics;
using SocialFlow.Grains.Infrastructure.MachineLearning;
using SocialFlow.Grains.Interfaces.Trending;

namespace SocialFlow.Grains.Trending.Viral;

/// <summary>A trained viral model, serialised, with how it did on the later part of its history.</summary>
public sealed record TrainedViralModel(byte[] Bytes, ViralModelMetrics Metrics);

/// <summary>
/// Trains the viral model: LightGBM binary classification over <see cref="ViralFeatures"/> (seeded: the same history gives
/// the same model), on the earlier 80 % of a history by creation time; the later 20 % measures it (AUC, precision at 10
/// per day's cohort against the first hour's raw points and against chance).
/// </summary>
public static class ViralTrainer
{
    public const int PrecisionK = 10;

    public sealed record Split(IReadOnlyList<ViralFacts> Train, IReadOnlyList<ViralFacts> Validation, HashSet<Guid> Viral);

    /// <summary>The history split by time at the 80th percentile of creation, with its labels (best <paramref name="top"/> a cohort).</summary>
    public static Split SplitByTime(IReadOnlyList<ViralFacts> history, int top)
    {
        var viral = ViralLabels.Viral(history, top);
        var ordered = history.OrderBy(f => f.CreatedAt).ThenBy(f => f.Id).ToList();
        if (ordered.Count == 0) return new Split([], [], viral);
        var cut = ordered[(int)(ordered.Count * 0.8)].CreatedAt;
        return new Split([.. ordered.Where(f => f.CreatedAt < cut)], [.. ordered.Where(f => f.CreatedAt >= cut)], viral);
    }

    public static TrainedViralModel Train(Split split, int trees = 100)
    {
        var watch = Stopwatch.StartNew();
        var bytes = LightGbmBinary.Train(
            [.. split.Train.Select(f => new ViralRow { Label = split.Viral.Contains(f.Id), Features = ViralFeatures.Of(f) })], new LightGbmShape(trees, 15, 0.05));
        var seconds = watch.Elapsed.TotalSeconds;
        return new TrainedViralModel(bytes, Evaluate(ViralModel.Load(1, bytes), split, seconds));
    }

    public static ViralModelMetrics Evaluate(ViralModel model, Split split, double trainSeconds)
    {
        var probability = split.Validation.ToDictionary(f => f.Id, model.Probability);
        var auc = Recommendations.Ranking.RankingMetrics.Auc([.. split.Validation.Select(f => ((float)probability[f.Id], split.Viral.Contains(f.Id)))]);
        return new ViralModelMetrics(
            Math.Round(auc, 4),
            Math.Round(ViralMetrics.PrecisionAt(PrecisionK, split.Validation, split.Viral, f => probability[f.Id]), 4),
            Math.Round(ViralMetrics.PrecisionAt(PrecisionK, split.Validation, split.Viral, f => f.FirstHourPoints), 4),
            Math.Round(ChancePrecision(split.Validation, split.Viral), 4),
            split.Train.Count,
            split.Train.Count(f => split.Viral.Contains(f.Id)),
            Math.Round(trainSeconds, 2));
    }

    /// <summary>What a random pick's precision is expected to be: each cohort's share of viral items.</summary>
    private static double ChancePrecision(IReadOnlyList<ViralFacts> items, IReadOnlySet<Guid> viral)
    {
        var cohorts = items.GroupBy(ViralLabels.CohortOf).Where(c => c.Any(f => viral.Contains(f.Id))).ToList();
        return cohorts.Count == 0 ? 0 : cohorts.Average(c => c.Count(f => viral.Contains(f.Id)) / (double)c.Count());
    }
}
