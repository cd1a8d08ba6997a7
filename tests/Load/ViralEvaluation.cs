using System.Diagnostics;
using SocialFlow.Grains.Trending.Viral;
using SocialFlow.Testing.Trending;

namespace SocialFlow.Load;

/// <summary>
/// `--scenario viral` (offline, no host): a simulated history (<see cref="PlantedViralHistory"/>: 30 days of 2,000 items a
/// day by 5,000 authors, fixed seed), labelled as the platform labels it (an item is viral when among its day's best 50
/// of its kind by 24 h points), split by time at the 80th percentile of creation; the model trains on the earlier part
/// (timed) and ranks each later day's items from their first hour. Prints precision at 10 per day and kind for the
/// model, the first hour's raw points (trending's weights) and chance, AUC, training time and model size.
/// </summary>
public static class ViralEvaluation
{
    public const int Top = 50;

    public static int Run()
    {
        foreach (var shape in new[] { ViralHistoryShape.Full, ViralHistoryShape.Small })
        {
            var clock = Stopwatch.StartNew();
            var history = PlantedViralHistory.Generate(shape, DateTimeOffset.UtcNow);
            var split = ViralTrainer.SplitByTime(history, shape == ViralHistoryShape.Small ? 10 : Top);
            Console.WriteLine($"history: {shape.Days} days × {shape.ItemsPerDay:N0} items by {shape.Authors:N0} authors (seed {shape.Seed}), "
                + $"{split.Viral.Count:N0} viral ({split.Viral.Count / (double)history.Count:P1}; the best {(shape == ViralHistoryShape.Small ? 10 : Top)} of each day and kind), "
                + $"generated in {clock.Elapsed.TotalSeconds:0.0} s");
            clock.Restart();
            var model = ViralTrainer.Train(split);
            var m = model.Metrics;
            Console.WriteLine($"trained on {split.Train.Count:N0} items ({m.Positives:N0} viral) in {m.TrainSeconds:0.00} s (LightGBM, 100 trees, {ViralFeatures.Count} features); "
                + $"model {model.Bytes.Length / 1024.0:0} KiB; evaluated on the later {split.Validation.Count:N0} items");
            Console.WriteLine($"{"ranking",-28} {"precision@10",12}");
            Console.WriteLine($"{"model",-28} {m.PrecisionAt10,12:0.000}");
            Console.WriteLine($"{"first-hour raw points",-28} {m.BaselinePrecisionAt10,12:0.000}");
            Console.WriteLine($"{"random",-28} {m.RandomPrecisionAt10,12:0.000}");
            Console.WriteLine($"AUC {m.Auc:0.000}; model / baseline precision@10: {m.PrecisionAt10 / Math.Max(1e-9, m.BaselinePrecisionAt10):0.00}×");
            Console.WriteLine();
        }
        return 0;
    }
}
