using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Interfaces.Trending;

/// <summary>An item one to two hours old that the viral model expects to trend, with its probability.</summary>
[GenerateSerializer, Immutable]
public sealed record ViralRiser([property: Id(0)] TrendingKind Kind, [property: Id(1)] Guid Id, [property: Id(2)] double Probability);

/// <summary>How a viral model did on the later fifth of its history: AUC, and precision at 10 per day's cohort for the
/// model, for the first hour's raw points (the baseline) and for chance.</summary>
[GenerateSerializer, Immutable]
public sealed record ViralModelMetrics(
    [property: Id(0)] double Auc,
    [property: Id(1)] double PrecisionAt10,
    [property: Id(2)] double BaselinePrecisionAt10,
    [property: Id(3)] double RandomPrecisionAt10,
    [property: Id(4)] int Examples,
    [property: Id(5)] int Positives,
    [property: Id(6)] double TrainSeconds);

/// <summary>The outcome of a viral training: accepted (the version now scoring) or rejected with why (the previous one stays).</summary>
[GenerateSerializer, Immutable]
public sealed record ViralTrainingResult(
    [property: Id(0)] bool Accepted, [property: Id(1)] long? Version, [property: Id(2)] long? ServingVersion,
    [property: Id(3)] string Outcome, [property: Id(4)] ViralModelMetrics? Metrics);

/// <summary>
/// Viral prediction (key 0, one activation in the cluster): every few minutes (a reminder) scores the items aged one to
/// two hours with the newest accepted viral model and keeps the predicted risers (best probability first, above the
/// configured threshold); trains a new model from the platform's history when the recommendations' retrain runs. With
/// no model nothing is predicted.
/// </summary>
public interface IViralGrain : IScheduledGrain
{
    /// <summary>The predicted risers of a kind from the last scoring, best first (unfiltered: trending's reads filter them).</summary>
    Task<IReadOnlyList<ViralRiser>> RisersAsync(TrendingKind kind);

    /// <summary>Scores the items aged one to two hours now (also done on the reminder); returns how many were scored.</summary>
    Task<int> PredictAsync();

    /// <summary>Trains on the items older than a day; an accepted model scores from the next prediction on. Audited when asked by an admin.</summary>
    [ResponseTimeout("00:10:00")]
    Task<ViralTrainingResult> TrainAsync(AuditActor? requestedBy);
}
