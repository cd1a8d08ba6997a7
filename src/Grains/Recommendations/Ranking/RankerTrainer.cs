using System.Diagnostics;
using SocialFlow.Grains.Infrastructure.MachineLearning;
using SocialFlow.Grains.Interfaces.Recommendations;

namespace SocialFlow.Grains.Recommendations.Ranking;

/// <summary>A trained model, serialised, with its held-out metrics.</summary>
public sealed record TrainedModel(byte[] Bytes, ModelMetrics Metrics);

/// <summary>
/// Trains the ranking model: LightGBM binary classification over <see cref="RankingFeatures"/> (seeded, so the same data
/// gives the same model), then measures it on the held-out people against popularity.
/// </summary>
public static class RankerTrainer
{
    public static TrainedModel Train(TrainingSet set, int trees = 100)
    {
        var watch = Stopwatch.StartNew();
        var bytes = LightGbmBinary.Train([.. set.Train.Select(r => new RankingRow { Label = r.Label, Features = r.Features })], new LightGbmShape(trees, 31, 0.1));
        var seconds = watch.Elapsed.TotalSeconds;
        return new TrainedModel(bytes, Evaluate(Ranker.Load(1, bytes), set, seconds));
    }

    public static ModelMetrics Evaluate(Ranker ranker, TrainingSet set, double trainSeconds)
    {
        var scored = new List<(float, bool)>();
        double model = 0, popularity = 0;
        foreach (var query in set.Validation)
        {
            var relevant = query.Items.Where(i => i.Label).Select(i => i.Item).ToHashSet();
            var scores = query.Items.Select(i => (i.Item, Score: ranker.Score(i.Features), i.Label, i.Popularity)).ToList();
            scored.AddRange(scores.Select(s => (s.Score, s.Label)));
            model += RankingMetrics.Ndcg([.. scores.OrderByDescending(s => s.Score).ThenBy(s => s.Item).Select(s => s.Item)], relevant, 10);
            popularity += RankingMetrics.Ndcg([.. scores.OrderByDescending(s => s.Popularity).ThenBy(s => s.Item).Select(s => s.Item)], relevant, 10);
        }
        var n = Math.Max(1, set.Validation.Count);
        return new ModelMetrics(Math.Round(RankingMetrics.Auc(scored), 4), Math.Round(model / n, 4), Math.Round(popularity / n, 4), set.Examples,
            Math.Round(trainSeconds, 2));
    }
}
