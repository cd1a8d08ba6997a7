using SocialFlow.Grains.Recommendations.Ranking;
using SocialFlow.Testing.Recommendations;

namespace SocialFlow.Grains.Tests.Recommendations;

public sealed class RankingModelTests
{
    private static readonly DateTimeOffset End = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Train_PlantedTastes_BeatsPopularityOnHeldOutPeople()
    {
        var (log, _) = PlantedPopulation.Generate(PopulationShape.Small, End);
        var set = TrainingSetBuilder.Build(log, new TrainingSetOptions());

        var trained = RankerTrainer.Train(set);

        Assert.NotEmpty(set.Validation);
        Assert.True(trained.Metrics.Auc > 0.7, $"AUC {trained.Metrics.Auc}");
        Assert.True(trained.Metrics.Ndcg10 > 1.5 * trained.Metrics.PopularityNdcg10, $"NDCG@10 {trained.Metrics.Ndcg10} vs popularity {trained.Metrics.PopularityNdcg10}");
    }

    [Fact]
    public void Build_SameSeed_SameExamples()
    {
        var (log, _) = PlantedPopulation.Generate(PopulationShape.Small with { Interactions = 3_000 }, End);

        var first = TrainingSetBuilder.Build(log, new TrainingSetOptions());
        var second = TrainingSetBuilder.Build(log, new TrainingSetOptions());

        Assert.Equal(first.Train.Select(r => (r.Item, r.Label)), second.Train.Select(r => (r.Item, r.Label)));
        Assert.Contains(first.Train, r => !r.Label);
    }

    [Fact]
    public void Score_WalkedTrees_AgreeWithThePredictionEngine()
    {
        var (log, _) = PlantedPopulation.Generate(PopulationShape.Small with { Interactions = 4_000 }, End);
        var set = TrainingSetBuilder.Build(log, new TrainingSetOptions());
        var ranker = Ranker.Load(1, RankerTrainer.Train(set, trees: 30).Bytes);

        Assert.True(ranker.WalksTrees);
        Assert.All(set.Train.Take(300), r => Assert.Equal(ranker.EngineScore(r.Features), ranker.Score(r.Features), 3));
    }
}
