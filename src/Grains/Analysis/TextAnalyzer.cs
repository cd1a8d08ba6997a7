using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using SocialFlow.Grains.Infrastructure;
using SocialFlow.Grains.Interfaces.Analysis;

namespace SocialFlow.Grains.Analysis;

/// <summary>Language, sentiment, toxicity and spam of a text, from this silo's models. Safe to call from any thread.</summary>
public interface ITextAnalyzer
{
    /// <summary>Waits for the models on the silo's first calls (they train in the background at start).</summary>
    Task<TextAnalysis> AnalyzeAsync(string text);

    Task<IReadOnlyList<ModelQuality>> QualityAsync();
}

/// <summary>
/// Loads the models in the background from start (<see cref="TextModelsWarmUp"/>): from the data directory's cache, or
/// trained from the shipped set (and cached) when there is none; callers wait for them. A PredictionEngine is not thread-safe, so each model's engines are pooled: a call
/// borrows one and gives it back.
/// </summary>
public sealed class TextAnalyzer : ITextAnalyzer
{
    private readonly Lazy<Task<Models>> _models;

    public TextAnalyzer(IConfiguration configuration, ILogger<TextAnalyzer> logger) =>
        _models = new(() => Task.Run(() => Load(DataDirectory.Of(configuration, "analysis", ShippedTexts.Version), logger)),
            LazyThreadSafetyMode.ExecutionAndPublication);

    public void StartTraining() => _ = _models.Value;

    public async Task<TextAnalysis> AnalyzeAsync(string text)
    {
        var models = await _models.Value;
        var input = new LabelledText { Text = text.Length > TextAnalysis.MaxTextLength ? text[..TextAnalysis.MaxTextLength] : text };
        var sentiment = Predict(models.Sentiment, input).Score;
        var best = Array.IndexOf(sentiment, sentiment.Max());
        return new TextAnalysis(
            models.Languages.Detect(input.Text),
            TextModelTraining.SentimentLabels[best],
            Math.Round(sentiment[2] - sentiment[0], 4),
            Math.Round(Predict(models.Toxicity, input).Probability, 4),
            Math.Round(Predict(models.Spam, input).Probability, 4),
            models.Trained.Version);
    }

    public async Task<IReadOnlyList<ModelQuality>> QualityAsync() => (await _models.Value).Trained.Quality;

    private static TOut Predict<TOut>(ObjectPool<PredictionEngine<LabelledText, TOut>> pool, LabelledText input) where TOut : class, new()
    {
        var engine = pool.Get();
        try
        {
            return engine.Predict(input);
        }
        finally
        {
            pool.Return(engine);
        }
    }

    private static Models Load(string cache, ILogger logger)
    {
        var ml = new MLContext(seed: 14);
        var trained = TextModelCache.TryLoad(ml, cache, ShippedTexts.Version);
        var how = trained is null ? "trained" : "loaded";
        if (trained is null)
        {
            trained = TextModelTraining.Train(ShippedTexts.LabelledSet(), ShippedTexts.Version);
            TextModelCache.Save(ml, cache, trained);
        }
        logger.LogInformation("Analysis models {Version} {How} in {Ms} ms: {Quality}", trained.Version, how, (int)trained.Took.TotalMilliseconds,
            string.Join("; ", trained.Quality.Select(q => $"{q.Task} accuracy {q.Accuracy:F3} macro-F1 {q.MacroF1:F3}")));
        return new Models(trained, new LanguageDetector(ShippedTexts.LanguageProfiles()),
            Pool<SentimentScores>(ml, trained.Sentiment), Pool<BinaryScore>(ml, trained.Toxicity), Pool<BinaryScore>(ml, trained.Spam));
    }

    private static ObjectPool<PredictionEngine<LabelledText, TOut>> Pool<TOut>(MLContext ml, ITransformer model) where TOut : class, new() =>
        new DefaultObjectPool<PredictionEngine<LabelledText, TOut>>(new EnginePolicy<TOut>(ml, model), Environment.ProcessorCount * 2);

    private sealed record Models(TrainedTextModels Trained, LanguageDetector Languages, ObjectPool<PredictionEngine<LabelledText, SentimentScores>> Sentiment,
        ObjectPool<PredictionEngine<LabelledText, BinaryScore>> Toxicity, ObjectPool<PredictionEngine<LabelledText, BinaryScore>> Spam);

    private sealed class EnginePolicy<TOut>(MLContext ml, ITransformer model) : PooledObjectPolicy<PredictionEngine<LabelledText, TOut>>
        where TOut : class, new()
    {
        public override PredictionEngine<LabelledText, TOut> Create() => ml.Model.CreatePredictionEngine<LabelledText, TOut>(model);

        public override bool Return(PredictionEngine<LabelledText, TOut> obj) => true;
    }
}

/// <summary>The sentiment model's class probabilities, in <see cref="TextModelTraining.SentimentLabels"/> order.</summary>
public sealed class SentimentScores
{
    public float[] Score { get; set; } = [];
}

/// <summary>A binary model's calibrated probability of the positive class (toxic, spam).</summary>
public sealed class BinaryScore
{
    public float Probability { get; set; }
}
