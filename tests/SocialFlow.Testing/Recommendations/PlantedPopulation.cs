using SocialFlow.Grains.Recommendations.Ranking;

namespace SocialFlow.Testing.Recommendations;

/// <summary>The size and shape of a synthetic population.</summary>
public sealed record PopulationShape(int Users, int Items, int Interactions, int Clusters = 20, int TagsPerCluster = 5, int Seed = 14)
{
    public static PopulationShape Small { get; } = new(300, 600, 12_000, Clusters: 6);
    public static PopulationShape Full { get; } = new(10_000, 50_000, 1_000_000);
}

/// <summary>
/// A synthetic population with planted tastes: every person and every author belongs to a taste cluster; an item carries
/// two of its cluster's tags (sometimes one of another's); a person engages with their cluster's items most of the time
/// (popular ones more), and sometimes with the whole platform's most popular items, which they tend to skip. Fixed seed.
/// So a ranking that learns tastes beats popularity, and popularity beats chance.
/// </summary>
public static class PlantedPopulation
{
    public static (InteractionLog Log, int[] ClusterOf) Generate(PopulationShape shape, DateTimeOffset end)
    {
        var random = new Random(shape.Seed);
        var start = end - TimeSpan.FromDays(60);
        var users = Enumerable.Range(0, shape.Users).Select(i => new Guid(i + 1, 0, 0, new byte[8])).ToArray();
        var clusterOf = users.Select(_ => random.Next(shape.Clusters)).ToArray();
        var authors = Enumerable.Range(0, Math.Max(shape.Clusters, shape.Users / 10)).Select(_ => random.Next(shape.Users)).ToArray();
        var items = new ItemFacts[shape.Items];
        var itemCluster = new int[shape.Items];
        var byCluster = Enumerable.Range(0, shape.Clusters).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < shape.Items; i++)
        {
            var author = authors[random.Next(authors.Length)];
            var cluster = clusterOf[author];
            string Tag(int c) => $"taste{c}_{random.Next(shape.TagsPerCluster)}";
            var tags = random.NextDouble() < 0.1 ? new[] { Tag(cluster), Tag(random.Next(shape.Clusters)) } : new[] { Tag(cluster), Tag(cluster) };
            items[i] = new ItemFacts(new Guid(0, 1, 0, BitConverter.GetBytes((long)i + 1)), random.NextDouble() < 0.5, users[author],
                start + TimeSpan.FromHours(random.NextDouble() * 24 * 55), [.. tags.Distinct()]);
            itemCluster[i] = cluster;
            byCluster[cluster].Add(i);
        }
        var globalOrder = Enumerable.Range(0, shape.Items).OrderBy(_ => random.Next()).ToArray();
        var interactions = new List<Interaction>(shape.Interactions + shape.Interactions / 10);
        var perUser = shape.Interactions / shape.Users;
        for (var u = 0; u < shape.Users; u++)
        {
            var own = byCluster[clusterOf[u]];
            var count = (int)(perUser * (0.3 + 1.4 * random.NextDouble()));
            for (var n = 0; n < count && own.Count > 0; n++)
            {
                var global = random.NextDouble() < 0.25;
                var item = global ? globalOrder[Zipf(random, Math.Min(200, shape.Items))] : own[Zipf(random, own.Count)];
                var fact = items[item];
                var at = fact.CreatedAt + TimeSpan.FromHours(random.NextDouble() * Math.Max(1, (end - fact.CreatedAt).TotalHours));
                var liked = itemCluster[item] == clusterOf[u] ? random.NextDouble() < 0.7 : random.NextDouble() < 0.15;
                var signal = liked ? PositiveSignal(random) : random.NextDouble() < 0.5 ? Signal.View : Signal.Skip;
                interactions.Add(new Interaction(users[u], fact.Id, signal, at));
            }
        }
        var follows = new List<Follow>();
        for (var u = 0; u < shape.Users; u++)
        {
            var same = authors.Where(a => clusterOf[a] == clusterOf[u] && a != u).Distinct().OrderBy(_ => random.Next()).Take(3);
            foreach (var a in same) follows.Add(new Follow(users[u], users[a], start));
        }
        return (new InteractionLog(items, interactions, follows), clusterOf);
    }

    private static Signal PositiveSignal(Random random) => random.NextDouble() switch
    {
        < 0.6 => Signal.Like,
        < 0.8 => Signal.LongView,
        < 0.9 => Signal.Bookmark,
        _ => Signal.Comment,
    };

    // Rank k with probability about 1/(k+1): a few items of a list draw most of its engagement.
    private static int Zipf(Random random, int n) => Math.Min(n - 1, (int)Math.Floor(Math.Exp(random.NextDouble() * Math.Log(n + 1)) - 1));
}
