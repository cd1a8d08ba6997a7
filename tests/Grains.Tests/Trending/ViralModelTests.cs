using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.Trending.Viral;
using SocialFlow.Testing.Trending;

namespace SocialFlow.Grains.Tests.Trending;

public sealed class ViralModelTests
{
    private static readonly DateTimeOffset End = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Train_PlantedHistory_BeatsTheFirstHoursRawCountsAndChance()
    {
        var history = PlantedViralHistory.Generate(ViralHistoryShape.Small, End);
        var split = ViralTrainer.SplitByTime(history, top: 10);

        var metrics = ViralTrainer.Train(split).Metrics;

        Assert.True(metrics.Auc > 0.8, $"AUC {metrics.Auc}");
        Assert.True(metrics.PrecisionAt10 > metrics.BaselinePrecisionAt10 + 0.1,
            $"precision@10 {metrics.PrecisionAt10} vs first-hour raw counts {metrics.BaselinePrecisionAt10}");
        Assert.True(metrics.BaselinePrecisionAt10 > metrics.RandomPrecisionAt10, $"baseline {metrics.BaselinePrecisionAt10} vs chance {metrics.RandomPrecisionAt10}");
    }

    [Fact]
    public void Train_SameHistory_SameModel()
    {
        var history = PlantedViralHistory.Generate(ViralHistoryShape.Small with { Days = 4 }, End);
        var split = ViralTrainer.SplitByTime(history, top: 10);

        var (first, second) = (ViralModel.Load(1, ViralTrainer.Train(split, trees: 20).Bytes), ViralModel.Load(2, ViralTrainer.Train(split, trees: 20).Bytes));

        Assert.All(split.Validation.Take(50), f => Assert.Equal(first.Probability(f), second.Probability(f)));
    }

    [Fact]
    public void Train_TooFewItems_IsRejectedWithoutAModel()
    {
        var history = PlantedViralHistory.Generate(new ViralHistoryShape(2, 20, 10), End);

        var (model, outcome) = ViralTraining.Train(history, new ViralOptions());

        Assert.Null(model);
        Assert.Equal("not_enough_data", outcome);
    }

    [Fact]
    public void Labels_TheBestOfEachDayAndKind_ByTheirDaysPoints()
    {
        var day = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        ViralFacts Item(int n, TrendingKind kind, double points, int dayOffset = 0) =>
            new(new Guid(n, 0, 0, new byte[8]), kind, day.AddDays(dayOffset).AddHours(n % 20), 10, 0, 0, 0, 0, 0, 0, 0, null, 0, points);
        var items = new[]
        {
            Item(1, TrendingKind.Post, 100), Item(2, TrendingKind.Post, 50), Item(3, TrendingKind.Post, 10),
            Item(4, TrendingKind.Video, 5), Item(5, TrendingKind.Video, 0), Item(6, TrendingKind.Post, 1, dayOffset: 1),
        };

        var viral = ViralLabels.Viral(items, top: 2);

        Assert.Equal(new[] { 1, 2, 4, 6 }.Select(n => new Guid(n, 0, 0, new byte[8])).ToHashSet(), viral);
    }

    [Fact]
    public void Merge_RisersTakeEveryThirdPlace_AndPredictedTrendsKeepTheirPlace()
    {
        TrendingItem Item(int n, double? probability = null) =>
            new(TrendingKind.Post, new Guid(n, 0, 0, new byte[8]), Guid.Empty, "a", null, null, [], DateTimeOffset.UnixEpoch, 10 - n, null, 0, 0, 0, probability);
        var trending = Enumerable.Range(1, 5).Select(n => Item(n)).ToList();
        var risers = new[] { Item(2, 0.9), Item(20, 0.8), Item(21, 0.7) };

        var merged = RiserMerge.Merge(trending, risers, stride: 3);

        Assert.Equal(new[] { 1, 2, 20, 3, 4, 21, 5 }, merged.Select(i => i.Id.ToByteArray()[0]).Select(b => (int)b));
        Assert.Equal(0.9, merged[1].Probability);
        Assert.Null(merged[0].Probability);
        Assert.Equal(0.8, merged[2].Probability);
    }

    [Fact]
    public void Features_PerFollowerAndAcceleration_FromTheFirstHour()
    {
        var facts = new ViralFacts(Guid.NewGuid(), TrendingKind.Video, DateTimeOffset.UnixEpoch, 9, 20, 10, 0, 2, 25, 45, 30, 0.5, 1);

        var f = ViralFeatures.Of(facts);

        Assert.Equal(ViralFeatures.Names.Length, f.Length);
        Assert.Equal(1.0f, f[Array.IndexOf(ViralFeatures.Names, "likes_per_follower")]); // 10 likes, 9 followers + 1
        Assert.Equal(0.5f, f[Array.IndexOf(ViralFeatures.Names, "negative_share")]);
        Assert.Equal(1f, f[Array.IndexOf(ViralFeatures.Names, "is_video")]);
        Assert.True(f[Array.IndexOf(ViralFeatures.Names, "acceleration")] > 1.5f); // 2 points a minute late vs 1 early
    }
}
