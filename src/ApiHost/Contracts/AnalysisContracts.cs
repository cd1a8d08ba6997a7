using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Analysis;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>`POST /ml/analyze` body: the text to analyze, 1 to 10,000 characters, not only white space.</summary>
public sealed record AnalyzeRequest(string? Text) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(Text)) errors.Add("text", "is required and must not be only white space");
        else if (Text.Length > TextAnalysis.MaxTextLength) errors.Add("text", $"at most {TextAnalysis.MaxTextLength:N0} characters");
    }
}

/// <summary>Label negative, neutral or positive; score from -1 (surely negative) to 1 (surely positive).</summary>
public sealed record SentimentResponse(string Label, double Score);

/// <summary>
/// What the models make of a text: language (ISO 639-1: en, es, fr, de, pt, it; "und" when unsure), sentiment, and the
/// probabilities (0 to 1) that it is toxic and that it is spam; model_version names the models.
/// </summary>
public sealed record AnalyzeResponse(string Language, SentimentResponse Sentiment, double Toxicity, double Spam, string ModelVersion)
{
    public static AnalyzeResponse From(TextAnalysis a) =>
        new(a.Language, new SentimentResponse(a.Sentiment, a.SentimentScore), a.Toxicity, a.Spam, a.ModelVersion);
}

/// <summary>A queue item's scores from content analysis: what the models made of the item's latest text, and whether
/// that flagged it (a toxicity or spam probability over its Flag threshold) or held it (over its Hold threshold).</summary>
public sealed record ContentScoresResponse(string Language, SentimentResponse Sentiment, double Toxicity, double Spam, string ModelVersion,
    bool Flagged, bool Held, DateTimeOffset ScoredAt)
{
    public static ContentScoresResponse From(ContentScore s) => new(s.Analysis.Language,
        new SentimentResponse(s.Analysis.Sentiment, s.Analysis.SentimentScore), s.Analysis.Toxicity, s.Analysis.Spam, s.Analysis.ModelVersion,
        s.Flagged, s.Held, s.ScoredAt);
}
