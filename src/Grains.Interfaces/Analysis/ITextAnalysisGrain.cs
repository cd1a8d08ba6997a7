namespace SocialFlow.Grains.Interfaces.Analysis;

/// <summary>
/// Scores text with this silo's content-analysis models (stateless: any activation on any silo serves). Key: 0.
/// </summary>
public interface ITextAnalysisGrain : IGrainWithIntegerKey
{
    /// <summary>Language, sentiment, toxicity and spam of one text (at most <see cref="TextAnalysis.MaxTextLength"/> characters).</summary>
    Task<TextAnalysis> AnalyzeAsync(string text);

    /// <summary>Accuracy and macro-F1 of each model on the held-out split, measured when the models were trained.</summary>
    Task<IReadOnlyList<ModelQuality>> QualityAsync();
}

/// <summary>The stored scores of new content (stateless). Key: 0.</summary>
public interface IContentScoresGrain : IGrainWithIntegerKey
{
    /// <summary>The scores of these items (at most 100); items never scored are absent.</summary>
    Task<IReadOnlyList<ContentScore>> ScoresOfAsync(IReadOnlyList<Guid> targetIds);
}
