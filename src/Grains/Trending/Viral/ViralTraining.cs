using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Trending.Viral;

/// <summary>
/// One viral training: a history's facts split by time, a model, its metrics on the later fifth, and the gate. Only a
/// model trained on enough items (<see cref="ViralOptions.MinExamples"/>, with viral and non-viral ones) that beats chance
/// (<see cref="ViralOptions.MinAuc"/>) is stored; anything else, a training that throws included, keeps the version that
/// scores. The same shape as the recommendations' <c>ModelTraining</c>.
/// </summary>
public sealed class ViralTraining(NpgsqlDataSource db, ViralStore store, IOptions<ViralOptions> options, TimeProvider clock, ILogger<ViralTraining> logger)
{
    public async Task<ViralTrainingResult> RunAsync(IReadOnlyList<ViralFacts> history, AuditActor? requestedBy)
    {
        var serving = await store.Models.LatestAsync();
        TrainedViralModel? model = null;
        string outcome;
        try
        {
            (model, outcome) = await Task.Run(() => Train(history, options.Value));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Viral training failed; the previous model stays");
            outcome = "training_failed";
        }
        var audit = requestedBy is { } by ? new AuditEntry(by, AuditActions.ModelRetrained, "viral_model", "none", null, null) : null;
        if (outcome != "accepted" || model is null)
        {
            logger.LogWarning("Viral training rejected ({Outcome}, {Metrics}); version {Version} stays", outcome, model?.Metrics, serving);
            if (audit is not null)
            {
                await AuditLog.AppendAsync(db, audit with
                {
                    TargetId = serving?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none",
                    Details = new { accepted = false, outcome, metrics = model?.Metrics },
                });
            }
            return new ViralTrainingResult(false, null, serving, outcome, model?.Metrics);
        }
        var version = await store.PublishAsync(model, clock.GetUtcNow(), audit is null ? null : audit with { Details = new { accepted = true, outcome, metrics = model.Metrics } });
        logger.LogInformation("Viral model {Version} published ({Metrics})", version, model.Metrics);
        return new ViralTrainingResult(true, version, version, outcome, model.Metrics);
    }

    public static (TrainedViralModel?, string) Train(IReadOnlyList<ViralFacts> history, ViralOptions options)
    {
        var split = ViralTrainer.SplitByTime(history, options.TopN);
        var positives = split.Train.Count(f => split.Viral.Contains(f.Id));
        if (split.Train.Count < options.MinExamples || positives < 5 || split.Train.Count - positives < 5 || !split.Validation.Any(f => split.Viral.Contains(f.Id)))
        {
            return (null, "not_enough_data");
        }
        var model = ViralTrainer.Train(split);
        return (model, Gate(model.Metrics, options) ?? "accepted");
    }

    /// <summary>Why a model must not replace the one scoring, or null when it may.</summary>
    public static string? Gate(ViralModelMetrics metrics, ViralOptions options) => metrics.Auc < options.MinAuc ? "no_better_than_chance" : null;
}
