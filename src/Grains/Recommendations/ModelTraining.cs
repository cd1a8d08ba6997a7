using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Recommendations;
using SocialFlow.Grains.Moderation;
using SocialFlow.Grains.Recommendations.Ranking;

namespace SocialFlow.Grains.Recommendations;

/// <summary>
/// One training run: examples from an interaction log, a model, its held-out metrics, and the gate. Only a model that
/// has enough examples, beats chance (<see cref="RecommendationOptions.MinAuc"/>) and ranks no worse than popularity is
/// published; anything else (including a training that throws) keeps the version every silo serves.
/// </summary>
public sealed class ModelTraining(NpgsqlDataSource db, RecommendationStore store, CurrentRanker current, IOptions<RecommendationOptions> options, TimeProvider clock,
    ILogger<ModelTraining> logger)
{
    public async Task<RetrainResult> RunAsync(InteractionLog log, AuditActor? requestedBy)
    {
        var serving = await store.Models.LatestAsync();
        TrainedModel? model = null;
        IReadOnlyDictionary<Guid, Neighbor[]>? neighbors = null;
        string outcome;
        try
        {
            (model, neighbors, outcome) = await Task.Run(() => Train(log));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Recommendation training failed; the previous model stays");
            outcome = "training_failed";
        }
        var audit = requestedBy is { } by ? new AuditEntry(by, AuditActions.ModelRetrained, "recommendation_model", "none", null, null) : null;
        if (outcome != "accepted" || model is null || neighbors is null)
        {
            logger.LogWarning("Recommendation training rejected ({Outcome}, {Metrics}); serving version {Version} stays", outcome, model?.Metrics, serving);
            if (audit is not null) await AuditLog.AppendAsync(db, audit with { TargetId = serving?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none", Details = new { accepted = false, outcome, metrics = model?.Metrics } });
            return new RetrainResult(false, null, serving, outcome, model?.Metrics);
        }
        var version = await store.PublishAsync(model, neighbors, clock.GetUtcNow(), audit is null ? null : audit with { Details = new { accepted = true, outcome, metrics = model.Metrics } });
        await current.RefreshAsync();
        logger.LogInformation("Recommendation model {Version} published ({Metrics})", version, model.Metrics);
        return new RetrainResult(true, version, version, outcome, model.Metrics);
    }

    private (TrainedModel?, IReadOnlyDictionary<Guid, Neighbor[]>?, string) Train(InteractionLog log)
    {
        var set = TrainingSetBuilder.Build(log, new TrainingSetOptions());
        if (set.Train.Count < options.Value.MinExamples || set.Validation.Count == 0 || set.Train.All(r => r.Label) || set.Train.All(r => !r.Label))
        {
            return (null, null, "not_enough_data");
        }
        var model = RankerTrainer.Train(set);
        var rejection = Gate(model.Metrics, options.Value);
        if (rejection is not null) return (model, null, rejection);
        // Serving's neighbors come from everything known, not only the part before the validation split.
        return (model, new InteractionGraph(log, DateTimeOffset.MaxValue).Neighbors, "accepted");
    }

    /// <summary>Why a model must not replace the one served, or null when it may.</summary>
    public static string? Gate(ModelMetrics metrics, RecommendationOptions options) =>
        metrics.Auc < options.MinAuc ? "no_better_than_chance"
        : metrics.Ndcg10 < metrics.PopularityNdcg10 ? "worse_than_popularity"
        : null;
}
