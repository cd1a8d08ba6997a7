using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace SocialFlow.Grains.Recommendations.Ranking;

public sealed class RankingRow
{
    public bool Label { get; set; }

    [VectorType(RankingFeatures.Count)]
    public float[] Features { get; set; } = [];
}

public sealed class RankingScore
{
    public float Score { get; set; }
}

/// <summary>
/// Scores candidates: a trained model (version &gt; 0), or, before any model was accepted, a fixed blend of the strongest
/// features (version 0). A model's prediction engines are not thread-safe, so each call borrows one from a pool.
/// </summary>
public sealed class Ranker
{
    private readonly ITransformer? _model;
    private readonly TreeScorer? _trees;
    private readonly MLContext _ml = new(seed: 14);
    private readonly ConcurrentBag<PredictionEngine<RankingRow, RankingScore>> _engines = [];

    public long Version { get; }

    /// <summary>The items co-engaged with each item (the same training's, <see cref="InteractionGraph.Neighbors"/>), from which
    /// serving draws its co-engaged candidates; none before a model.</summary>
    public NeighborTable Neighbors { get; }

    public static Ranker Fallback { get; } = new(0, null, NeighborTable.Empty);

    private Ranker(long version, ITransformer? model, NeighborTable neighbors) =>
        (Version, _model, _trees, Neighbors) = (version, model, model is null ? null : TreeScorer.Of(model), neighbors);

    /// <summary>True when the trees are walked directly (else each score borrows a prediction engine).</summary>
    public bool WalksTrees => _trees is not null;

    public static Ranker Load(long version, byte[] bytes, NeighborTable? neighbors = null)
    {
        var ml = new MLContext(seed: 14);
        using var stream = new MemoryStream(bytes, writable: false);
        return new Ranker(version, ml.Model.Load(stream, out _), neighbors ?? NeighborTable.Empty);
    }

    public float Score(float[] features)
    {
        if (_trees is not null) return _trees.Score(features);
        return EngineScore(features);
    }

    /// <summary>The prediction engine's score (what <see cref="TreeScorer"/> must agree with).</summary>
    public float EngineScore(float[] features)
    {
        if (_model is null) return Blend(features);
        if (!_engines.TryTake(out var engine)) engine = _ml.Model.CreatePredictionEngine<RankingRow, RankingScore>(_model);
        try
        {
            return engine.Predict(new RankingRow { Features = features }).Score;
        }
        finally
        {
            _engines.Add(engine);
        }
    }

    // Co-engagement and interest overlap first, then the author relation, then popularity.
    private static float Blend(float[] f) => 4 * f[0] + f[1] + 0.5f * f[2] + 2 * f[3] + 0.2f * f[4] + f[13] - f[14];
}
