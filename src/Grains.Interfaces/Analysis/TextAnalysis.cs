namespace SocialFlow.Grains.Interfaces.Analysis;

/// <summary>
/// What the content-analysis models make of a text: its language (ISO 639-1, or "und" when unsure), its sentiment
/// (negative, neutral or positive, and a polarity score from -1 to 1: P(positive) − P(negative)), and the
/// probabilities, 0 to 1, that it is toxic and that it is spam. ModelVersion names the models that scored it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TextAnalysis(
    [property: Id(0)] string Language,
    [property: Id(1)] string Sentiment,
    [property: Id(2)] double SentimentScore,
    [property: Id(3)] double Toxicity,
    [property: Id(4)] double Spam,
    [property: Id(5)] string ModelVersion)
{
    /// <summary>The most characters one analysis reads (the API refuses longer text).</summary>
    public const int MaxTextLength = 10_000;
}

/// <summary>How one model did on the held-out split of the shipped labelled set.</summary>
[GenerateSerializer, Immutable]
public sealed record ModelQuality(
    [property: Id(0)] string Task,
    [property: Id(1)] double Accuracy,
    [property: Id(2)] double MacroF1,
    [property: Id(3)] int TrainRows,
    [property: Id(4)] int TestRows);

/// <summary>An item's stored scores: what the models made of its latest text, and whether that flagged or held it.</summary>
[GenerateSerializer, Immutable]
public sealed record ContentScore(
    [property: Id(0)] Guid TargetId,
    [property: Id(1)] string TargetType,
    [property: Id(2)] TextAnalysis Analysis,
    [property: Id(3)] bool Flagged,
    [property: Id(4)] bool Held,
    [property: Id(5)] DateTimeOffset ScoredAt);
