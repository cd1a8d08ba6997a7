using System.Diagnostics;
using SocialFlow.Grains.Recommendations.Ranking;
using SocialFlow.Testing.Recommendations;

namespace SocialFlow.Load;

/// <summary>
/// The offline half of `--scenario recommendations`: a planted population (PlantedPopulation: taste clusters, tags
/// correlated with them), split by time at the 90th percentile of positive interactions; the model trains on what came
/// before (timed: examples, neighbors, LightGBM), then ranks each held-out person's candidates; NDCG@10 and recall@50
/// against their later positives, for the model, popularity (most engaged, unseen) and random (unseen), over up to 2,000
/// people (seeded).
/// </summary>
public static class RecommendationsEvaluation
{
    public const int EvaluatedPeople = 2_000;

    public sealed record Outcome(InteractionLog Train, InteractionGraph Graph, TrainedModel Model, DateTimeOffset Cut);

    public static Outcome Run(PopulationShape shape, DateTimeOffset end)
    {
        var clock = Stopwatch.StartNew();
        var (log, _) = PlantedPopulation.Generate(shape, end);
        Console.WriteLine($"population: {shape.Users:N0} people, {shape.Items:N0} items, {log.Interactions.Count:N0} interactions, {log.Follows.Count:N0} follows, "
            + $"{shape.Clusters} taste clusters × {shape.TagsPerCluster} tags (generated in {clock.Elapsed.TotalSeconds:0.0} s)");
        var positives = log.Interactions.Where(i => i.IsPositive).Select(i => i.At).Order().ToList();
        var cut = positives[(int)(positives.Count * 0.9)];
        var train = log with { Interactions = [.. log.Interactions.Where(i => i.At < cut)] };

        clock.Restart();
        var set = TrainingSetBuilder.Build(train, new TrainingSetOptions());
        var built = clock.Elapsed.TotalSeconds;
        var model = RankerTrainer.Train(set);
        var graph = new InteractionGraph(train, cut);
        var neighbors = graph.Neighbors.Sum(n => n.Value.Length);
        var total = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"training on {train.Interactions.Count:N0} interactions: {total:0.0} s in all (examples {built:0.0} s, {set.Train.Count:N0} rows; "
            + $"LightGBM {model.Metrics.TrainSeconds:0.0} s; serving neighbors {total - built - model.Metrics.TrainSeconds:0.0} s, {neighbors:N0} pairs); "
            + $"model {model.Bytes.Length / 1024.0:0} KiB; held-out AUC {model.Metrics.Auc:0.000}");

        var ranker = Ranker.Load(1, model.Bytes);
        var later = log.Interactions.Where(i => i.At >= cut && i.IsPositive && graph.Items.ContainsKey(i.Item)).GroupBy(i => i.User)
            .Select(g => (User: g.Key, Relevant: g.Select(i => i.Item).Where(i => !graph.HistoryOf(g.Key).Any(h => h.Item == i)).ToHashSet()))
            .Where(u => u.Relevant.Count > 0 && graph.HistoryOf(u.User).Count > 0).OrderBy(u => u.User).ToList();
        var shuffle = new Random(14);
        var sample = later.OrderBy(_ => shuffle.Next()).Take(EvaluatedPeople).ToList();
        var items = graph.Items.Keys.Order().ToArray();
        var results = new (double Ndcg, double Recall, double PopNdcg, double PopRecall, double RndNdcg, double RndRecall, double Coverage)[sample.Count];
        clock.Restart();
        Parallel.For(0, sample.Count, k =>
        {
            var (user, relevant) = sample[k];
            var seen = graph.HistoryOf(user).Select(i => i.Item).ToHashSet();
            var profile = graph.ProfileOf(user);
            var recent = graph.RecentPositivesOf(user);
            var pool = CandidatePool.For(graph, user, profile, recent, PoolSizes.Serving);
            List<Guid> ranked = [.. pool.Select(c => (c.Key, Score: ranker.Score(RankingFeatures.Of(profile,
                graph.Facts(c.Key, InteractionGraph.CoEngagement(c.Key, recent, graph.Neighbors), c.Value), cut))))
                .OrderByDescending(c => c.Score).ThenBy(c => c.Key).Take(50).Select(c => c.Key)];
            List<Guid> popular = [.. graph.Popular.Where(i => !seen.Contains(i) && graph.Items[i].AuthorId != user).Take(50)];
            var random = new Random(14 * 1_000_003 + k);
            List<Guid> chance = [.. Enumerable.Range(0, 200).Select(_ => items[random.Next(items.Length)]).Where(i => !seen.Contains(i)).Distinct().Take(50)];
            results[k] = (RankingMetrics.Ndcg(ranked, relevant, 10), RankingMetrics.Recall(ranked, relevant, 50),
                RankingMetrics.Ndcg(popular, relevant, 10), RankingMetrics.Recall(popular, relevant, 50),
                RankingMetrics.Ndcg(chance, relevant, 10), RankingMetrics.Recall(chance, relevant, 50),
                relevant.Count(pool.ContainsKey) / (double)relevant.Count);
        });
        var perPerson = clock.Elapsed.TotalMilliseconds / Math.Max(1, sample.Count);
        Console.WriteLine($"evaluated {sample.Count:N0} held-out people (of {later.Count:N0} with later positives); ranking in memory {perPerson:0.00} ms per person");
        Console.WriteLine($"{"ranking",-12} {"NDCG@10",9} {"recall@50",10}");
        Console.WriteLine($"{"model",-12} {results.Average(r => r.Ndcg),9:0.0000} {results.Average(r => r.Recall),10:0.0000}");
        Console.WriteLine($"{"popularity",-12} {results.Average(r => r.PopNdcg),9:0.0000} {results.Average(r => r.PopRecall),10:0.0000}");
        Console.WriteLine($"{"random",-12} {results.Average(r => r.RndNdcg),9:0.0000} {results.Average(r => r.RndRecall),10:0.0000}");
        Console.WriteLine($"model / popularity NDCG@10: {results.Average(r => r.Ndcg) / Math.Max(1e-9, results.Average(r => r.PopNdcg)):0.00}×; "
            + $"later positives among the candidates: {results.Average(r => r.Coverage):P1}");
        return new Outcome(train, graph, model, cut);
    }
}
