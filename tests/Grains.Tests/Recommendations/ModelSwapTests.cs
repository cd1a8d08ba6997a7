using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SocialFlow.Grains.Interfaces.Recommendations;
using SocialFlow.Grains.Recommendations;
using SocialFlow.Grains.Recommendations.Ranking;
using SocialFlow.Grains.Tests.Infrastructure;
using SocialFlow.Testing.Recommendations;

namespace SocialFlow.Grains.Tests.Recommendations;

/// <summary>A published model reaches every silo without a restart; a training that fails or is not good enough keeps the
/// model every silo serves. Real PostgreSQL, two silos.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ModelSwapTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset End = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Publish_OnOneSilo_SwapsTheModelOnTheSecond_ThenAFailedRetrainKeepsIt()
    {
        var (first, second) = (Services(fixture.Cluster.Silos[0]), Services(fixture.Cluster.Silos[1]));
        var (log, _) = PlantedPopulation.Generate(PopulationShape.Small, End);

        var accepted = await first.GetRequiredService<ModelTraining>().RunAsync(log, null);

        Assert.True(accepted.Accepted, accepted.Outcome);
        await Eventually.HoldsAsync(() => Task.FromResult(Version(second) == accepted.Version), TimeSpan.FromSeconds(10), "the second silo serves the new model");
        Assert.Equal(accepted.Version, Version(first));
        await AssertServesThePublishedNeighborsAsync(second);
        var scoredBefore = Score(second);

        var tooLittle = log with { Interactions = [.. log.Interactions.Take(20)] };
        var rejected = await second.GetRequiredService<ModelTraining>().RunAsync(tooLittle, null);
        await Task.Delay(600);

        Assert.False(rejected.Accepted);
        Assert.Equal("not_enough_data", rejected.Outcome);
        Assert.Equal(accepted.Version, rejected.ServingVersion);
        Assert.Equal((accepted.Version, accepted.Version), (Version(first), Version(second)));
        Assert.Equal(scoredBefore, Score(second));
        Assert.Equal(accepted.Version, await fixture.Database.ScalarAsync<long?>("SELECT max(version) FROM recommendation_models"));
    }

    [Fact]
    public void Gate_ChanceOrWorseThanPopularity_Rejects()
    {
        var options = new RecommendationOptions();

        Assert.Equal("no_better_than_chance", ModelTraining.Gate(new ModelMetrics(0.52, 0.4, 0.1, 1000, 1), options));
        Assert.Equal("worse_than_popularity", ModelTraining.Gate(new ModelMetrics(0.8, 0.1, 0.2, 1000, 1), options));
        Assert.Null(ModelTraining.Gate(new ModelMetrics(0.8, 0.3, 0.2, 1000, 1), options));
    }

    [Fact]
    public async Task RetrainAsync_FromTheTables_AnswersAndNeverLowersTheServedVersion()
    {
        var served = await fixture.Database.ScalarAsync<long?>("SELECT max(version) FROM recommendation_models");

        var result = await fixture.Grains.GetGrain<IRecommendationTrainerGrain>(0).RetrainAsync(null);

        Assert.True(result.Accepted || result.ServingVersion == served, result.ToString());
        Assert.True(result.ServingVersion >= served || served is null);
    }

    private static IServiceProvider Services(SiloHandle silo) => ((InProcessSiloHandle)silo).SiloHost.Services;

    /// <summary>The co-engaged candidates come from the silo's copy of the neighbors published with its model.</summary>
    private async Task AssertServesThePublishedNeighborsAsync(IServiceProvider silo)
    {
        var served = silo.GetRequiredService<CurrentRanker>().Ranker.Neighbors;
        const string Best = """
            FROM recommendation_neighbors n WHERE n.score = (SELECT max(m.score) FROM recommendation_neighbors m WHERE m.item_id = n.item_id)
              AND (SELECT count(*) FROM recommendation_neighbors m WHERE m.item_id = n.item_id AND m.score = n.score) = 1
            ORDER BY n.item_id LIMIT 1
            """;
        var (item, neighbor) = (await fixture.Database.ScalarAsync<Guid>($"SELECT n.item_id {Best}"), await fixture.Database.ScalarAsync<Guid>($"SELECT n.neighbor_id {Best}"));

        Assert.Equal(await fixture.Database.ScalarAsync<long>("SELECT count(DISTINCT item_id) FROM recommendation_neighbors"), served.Items);
        Assert.Equal(await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM recommendation_neighbors"), served.Pairs);
        Assert.Equal(neighbor, served.CoEngaged([item], 1).Single().Item);
    }

    private static long Version(IServiceProvider silo) => silo.GetRequiredService<CurrentRanker>().Ranker.Version;

    private static float Score(IServiceProvider silo) => silo.GetRequiredService<CurrentRanker>().Ranker.Score([0.3f, 1, 1, 0.2f, 2, 3, 0.1f, 1, 1, 0, 0, 0, 0, 0, 0]);
}
