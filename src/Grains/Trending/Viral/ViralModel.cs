using Microsoft.ML;
using Microsoft.ML.Data;

namespace SocialFlow.Grains.Trending.Viral;

public sealed class ViralRow
{
    public bool Label { get; set; }

    [VectorType(ViralFeatures.Count)]
    public float[] Features { get; set; } = [];
}

public sealed class ViralPrediction
{
    public float Probability { get; set; }
}

/// <summary>
/// A trained viral model: the calibrated probability that an item one hour old will enter the day's trending top.
/// Scored by one caller at a time (the viral grain, a few thousand items every few minutes), so one prediction engine
/// behind a lock is plenty.
/// </summary>
public sealed class ViralModel
{
    private readonly PredictionEngine<ViralRow, ViralPrediction> _engine;
    private readonly Lock _gate = new();

    private ViralModel(long version, PredictionEngine<ViralRow, ViralPrediction> engine) => (Version, _engine) = (version, engine);

    public long Version { get; }

    public static ViralModel Load(long version, byte[] bytes)
    {
        var ml = new MLContext(seed: 14);
        using var stream = new MemoryStream(bytes, writable: false);
        var model = ml.Model.Load(stream, out _);
        return new ViralModel(version, ml.Model.CreatePredictionEngine<ViralRow, ViralPrediction>(model));
    }

    public double Probability(ViralFacts facts)
    {
        var row = new ViralRow { Features = ViralFeatures.Of(facts) };
        lock (_gate) return _engine.Predict(row).Probability;
    }
}
