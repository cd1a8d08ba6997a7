using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace SocialFlow.Grains.Recommendations.Ranking;

/// <summary>
/// The model's trees walked directly: the raw score ML.NET's prediction engine gives (the sum of each tree's leaf times
/// its weight, plus the bias), without an engine's per-row overhead. Numerical splits only (every feature is a number):
/// left when the value is at most the threshold. Every tree's splits sit in one array of 16-byte structs and every
/// weighted leaf in another, so a walk reads one struct a level (a ranking walks 100 trees for each of ~350 candidates:
/// with four arrays a tree, this was 12 % of the API host's CPU samples over For-you first pages).
/// </summary>
public sealed class TreeScorer
{
    private readonly Split[] _splits;
    private readonly int[] _roots;
    private readonly double[] _leaves;
    private readonly double _bias;

    private TreeScorer(Split[] splits, int[] roots, double[] leaves, double bias) => (_splits, _roots, _leaves, _bias) = (splits, roots, leaves, bias);

    /// <summary>A split of one tree; a child is another split's index in the array, or the complement (~) of a leaf's.</summary>
    private readonly record struct Split(int Feature, float Threshold, int Left, int Right);

    /// <summary>The scorer of a loaded LightGBM binary model, or null when it is not one (its engine scores instead).</summary>
    public static TreeScorer? Of(ITransformer model)
    {
        var parameters = (model as ISingleFeaturePredictionTransformer<object>)?.Model;
        var ensemble = parameters is CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> calibrated ? calibrated.SubModel
            : parameters as TreeEnsembleModelParametersBasedOnRegressionTree;
        if (ensemble?.TrainedTreeEnsemble is not { } trees || trees.Trees.Any(t => t.CategoricalSplitFlags.Any(c => c))) return null;
        var (splits, roots, leaves) = (new List<Split>(), new List<int>(), new List<double>());
        for (var i = 0; i < trees.Trees.Count; i++)
        {
            var (tree, splitBase, leafBase) = (trees.Trees[i], splits.Count, leaves.Count);
            int Child(int c) => c >= 0 ? splitBase + c : ~(leafBase + ~c);
            for (var s = 0; s < tree.LeftChild.Count; s++)
            {
                splits.Add(new Split(tree.NumericalSplitFeatureIndexes[s], tree.NumericalSplitThresholds[s], Child(tree.LeftChild[s]), Child(tree.RightChild[s])));
            }
            roots.Add(tree.LeftChild.Count > 0 ? splitBase : ~leafBase);
            leaves.AddRange(tree.LeafValues.Select(v => trees.TreeWeights[i] * v));
        }
        return new TreeScorer([.. splits], [.. roots], [.. leaves], trees.Bias);
    }

    public float Score(float[] features)
    {
        var sum = _bias;
        foreach (var root in _roots)
        {
            var node = root;
            while (node >= 0)
            {
                var split = _splits[node];
                node = features[split.Feature] <= split.Threshold ? split.Left : split.Right;
            }
            sum += _leaves[~node];
        }
        return (float)sum;
    }
}
