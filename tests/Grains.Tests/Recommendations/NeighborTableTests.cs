using SocialFlow.Grains.Recommendations.Ranking;
using SocialFlow.Testing.Recommendations;

namespace SocialFlow.Grains.Tests.Recommendations;

/// <summary>The compact table a silo serves co-engaged candidates from sums exactly as the training's dictionary does.</summary>
public sealed class NeighborTableTests
{
    private static readonly DateTimeOffset End = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CoEngaged_SumsEachPositivesNeighbors_BestFirst_DividedByThePositives()
    {
        var (a, b, c, d, unknown) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var table = NeighborTable.From([(a, b, 0.5f), (d, b, 0.3f), (a, c, 0.2f)]);

        var found = table.CoEngaged([a, d, unknown], 10);

        Assert.Equal((2, 3), (table.Items, table.Pairs));
        Assert.Equal([b, c], found.Select(f => f.Item));
        Assert.Equal(0.8 / 3, found[0].Score, 6);
        Assert.Equal(0.2 / 3, found[1].Score, 6);
        Assert.Equal([b], table.CoEngaged([a, d], 1).Select(f => f.Item));
        Assert.Empty(NeighborTable.Empty.CoEngaged([a], 10));
    }

    [Fact]
    public void CoEngaged_OnAPlantedPopulation_IsTheTrainingsSum()
    {
        var (log, _) = PlantedPopulation.Generate(PopulationShape.Small, End);
        var graph = new InteractionGraph(log, End);
        var table = NeighborTable.From(graph.Neighbors);

        Assert.Equal(graph.Neighbors.Count(n => n.Value.Length > 0), table.Items);
        Assert.Equal(graph.Neighbors.Sum(n => n.Value.Length), table.Pairs);
        var people = log.Interactions.Select(i => i.User).Distinct().Take(50).ToList();
        Assert.Contains(people, p => graph.RecentPositivesOf(p).Count > 0);
        foreach (var person in people)
        {
            var recent = graph.RecentPositivesOf(person);
            var expected = InteractionGraph.CoEngagedItems(recent, graph.Neighbors, 100).ToList();
            var served = table.CoEngaged(recent, 100);
            Assert.Equal(expected.Select(e => e.Item), served.Select(s => s.Item));
            Assert.Equal(expected.Select(e => Math.Round(e.Score, 9)), served.Select(s => Math.Round(s.Score, 9)));
        }
    }
}
