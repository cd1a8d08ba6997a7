using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace SocialFlow.Grains.Infrastructure.MachineLearning;

/// <summary>The shape of a LightGBM binary model: how many trees, how many leaves each, how fast it learns.</summary>
public sealed record LightGbmShape(int Trees, int Leaves, double LearningRate);

/// <summary>
/// Trains a LightGBM binary classifier (the recommendations' ranker, the viral model) and serialises it as ML.NET saves
/// it. Seeded, so the same rows give the same model; a leaf needs at least one example in 200 (between 2 and 50).
/// </summary>
public static class LightGbmBinary
{
    /// <param name="rows">Rows with a bool <c>Label</c> and a fixed-size float vector <c>Features</c>.</param>
    public static byte[] Train<TRow>(IReadOnlyCollection<TRow> rows, LightGbmShape shape) where TRow : class
    {
        var ml = new MLContext(seed: 14);
        var data = ml.Data.LoadFromEnumerable(rows);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = shape.Trees,
            NumberOfLeaves = shape.Leaves,
            MinimumExampleCountPerLeaf = Math.Clamp(rows.Count / 200, 2, 50),
            LearningRate = shape.LearningRate,
            Seed = 14,
            Silent = true,
            NumberOfThreads = Environment.ProcessorCount,
        });
        var model = trainer.Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        return stream.ToArray();
    }
}
