namespace SocialFlow.Grains.Recommendations.Ranking;

/// <summary>One labelled example: an item for a person, its features, and whether they engaged with it.</summary>
public sealed record LabelledItem(Guid Item, float[] Features, bool Label, long Popularity);

/// <summary>A held-out person's candidates (their later positives among them), ranked by a model and by popularity.</summary>
public sealed record RankingQuery(Guid User, IReadOnlyList<LabelledItem> Items);

public sealed record TrainingSet(IReadOnlyList<LabelledItem> Train, IReadOnlyList<RankingQuery> Validation, DateTimeOffset Split)
{
    public int Examples => Train.Count + Validation.Sum(q => q.Items.Count);
}

public sealed record TrainingSetOptions(
    int Seed = 14, double SplitQuantile = 0.8, double ValidationShare = 0.2, int NegativesPerPositive = 4, int MaxPositivesPerUser = 10,
    int MaxQueryCandidates = 300);

/// <summary>
/// Builds examples split by time: features from what happened before the split, labels from after it. A person's later
/// positives are label 1; their skips and "not interested" after the split, candidates they did not engage with, and
/// random unseen items are label 0 (negative sampling, seeded). People are held out whole for validation.
/// </summary>
public static class TrainingSetBuilder
{
    public static TrainingSet Build(InteractionLog log, TrainingSetOptions options)
    {
        var positiveTimes = log.Interactions.Where(i => i.IsPositive).Select(i => i.At).Order().ToList();
        if (positiveTimes.Count < 2) return new TrainingSet([], [], DateTimeOffset.MinValue);
        var split = positiveTimes[(int)Math.Min(positiveTimes.Count - 1, positiveTimes.Count * options.SplitQuantile)];
        var graph = new InteractionGraph(log, split);
        _ = graph.Neighbors;
        var later = log.Interactions.Where(i => i.At >= split && graph.Items.ContainsKey(i.Item)).GroupBy(i => i.User)
            .Where(g => g.Any(i => i.IsPositive) && graph.HistoryOf(g.Key).Count > 0).OrderBy(g => g.Key).ToList();
        var itemIds = graph.Items.Keys.Order().ToArray();
        var train = new List<LabelledItem>[later.Count];
        var queries = new RankingQuery?[later.Count];
        Parallel.For(0, later.Count, k =>
        {
            var random = new Random(options.Seed * 1_000_003 + k); // not HashCode.Combine: its seed changes with every process
            var held = random.NextDouble() < options.ValidationShare;
            var (rows, query) = ForUser(graph, later[k].Key, [.. later[k]], itemIds, random, held, options, split);
            train[k] = rows;
            queries[k] = query;
        });
        return new TrainingSet([.. train.SelectMany(r => r)], [.. queries.OfType<RankingQuery>()], split);
    }

    private static (List<LabelledItem>, RankingQuery?) ForUser(
        InteractionGraph graph, Guid user, List<Interaction> after, Guid[] itemIds, Random random, bool held, TrainingSetOptions options, DateTimeOffset now)
    {
        var profile = graph.ProfileOf(user);
        var recent = graph.RecentPositivesOf(user);
        var pool = CandidatePool.For(graph, user, profile, recent, PoolSizes.Training);
        var seen = graph.HistoryOf(user).Select(i => i.Item).ToHashSet();
        var positives = after.Where(i => i.IsPositive && !seen.Contains(i.Item)).Select(i => i.Item).Distinct().Take(options.MaxPositivesPerUser).ToHashSet();
        if (positives.Count == 0) return ([], null);
        LabelledItem Row(Guid item, bool label) => new(item,
            RankingFeatures.Of(profile, graph.Facts(item, InteractionGraph.CoEngagement(item, recent, graph.Neighbors), pool.GetValueOrDefault(item)), now),
            label, graph.Engagements(item));
        var candidates = pool.Keys.Where(i => !positives.Contains(i)).Order().ToList();
        if (held)
        {
            var sample = candidates.OrderBy(_ => random.Next()).Take(options.MaxQueryCandidates);
            return ([], new RankingQuery(user, [.. positives.Select(i => Row(i, true)), .. sample.Select(i => Row(i, false))]));
        }
        var rows = positives.Select(i => Row(i, true)).ToList();
        var negatives = after.Where(i => i.IsNegative && !positives.Contains(i.Item)).Select(i => i.Item).Distinct().ToHashSet();
        negatives.UnionWith(candidates.OrderBy(_ => random.Next()).Take(options.NegativesPerPositive * positives.Count));
        for (var n = 0; n < positives.Count && itemIds.Length > 0; n++)
        {
            var item = itemIds[random.Next(itemIds.Length)];
            if (!positives.Contains(item) && !seen.Contains(item) && graph.Items[item].AuthorId != user) negatives.Add(item);
        }
        rows.AddRange(negatives.Order().Select(i => Row(i, false)));
        return (rows, null);
    }
}
