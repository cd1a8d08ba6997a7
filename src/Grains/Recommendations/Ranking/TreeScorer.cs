using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace SocialFlow.Grains.Recommendations.Ranking;

/// <summary>
/// The model's trees walked directly: the raw score ML.NET's prediction engine gives (the sum of each tree's leaf times
/// its weight, plus the bias), without an engine's per-row overhead, so a page ranks hundreds of candidates in well under
/// a millisecond. Numerical splits only (every feature is a number): left when the value is at most the threshold.
/// </summary>
public sealed class TreeScorer
{
    private readonly Tree[] _trees;
    private readonly double _bias;

    private TreeScorer(Tree[] trees, double bias) => (_trees, _bias) = (trees, bias);

    private sealed record Tree(double Weight, int[] Left, int[] Right, int[] Feature, float[] Threshold, double[] Leaves);

    /// <summary>The scorer of a loaded LightGBM binary model, or null when it is not one (its engine scores instead).</summary>
    public static TreeScorer? Of(ITransformer model)
    {
        var parameters = (model as ISingleFeaturePredictionTransformer<object>)?.Model;
        var ensemble = parameters is CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> calibrated ? calibrated.SubModel
            : parameters as TreeEnsembleModelParametersBasedOnRegressionTree;
        if (ensemble?.TrainedTreeEnsemble is not { } trees || trees.Trees.Any(t => t.CategoricalSplitFlags.Any(c => c))) return null;
        return new TreeScorer([.. trees.Trees.Select((t, i) => new Tree(trees.TreeWeights[i], [.. t.LeftChild], [.. t.RightChild],
            [.. t.NumericalSplitFeatureIndexes], [.. t.NumericalSplitThresholds], [.. t.LeafValues]))], trees.Bias);
    }

    public float Score(float[] features)
    {
        var sum = _bias;
        foreach (var tree in _trees)
        {
            var node = 0;
            if (tree.Left.Length > 0)
            {
                while (node >= 0) node = features[tree.Feature[node]] <= tree.Threshold[node] ? tree.Left[node] : tree.Right[node];
            }
            else
            {
                node = -1;
            }
            sum += tree.Weight * tree.Leaves[~node];
        }
        return (float)sum;
    }
}
