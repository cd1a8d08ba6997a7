using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Recommendations;
using SocialFlow.Grains.Interfaces.Trending;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>`POST /ml/feedback`: a signal on a recommended item; seconds (how long it was watched) only with watched or skipped.</summary>
public sealed record FeedbackRequest(Guid? ItemId, string? Signal, int? Seconds) : IValidatable
{
    public const int MaxSeconds = 24 * 3600;
    public static readonly string[] Signals = ["not_interested", "see_more", "watched", "skipped"];

    public void Validate(FieldErrors errors)
    {
        if (ItemId is null || ItemId == Guid.Empty) errors.Add("item_id", "is required");
        if (Signal is null) errors.Add("signal", $"is required: one of {string.Join(", ", Signals)}");
        else errors.OneOf("signal", Signal, Signals);
        if (Seconds is < 0 or > MaxSeconds) errors.Add("seconds", $"must be between 0 and {MaxSeconds}");
        else if (Seconds is not null && Signal is "not_interested" or "see_more") errors.Add("seconds", "only goes with watched or skipped");
    }

    public FeedbackSignal ToSignal() => Signal switch
    {
        "not_interested" => FeedbackSignal.NotInterested,
        "see_more" => FeedbackSignal.SeeMore,
        "watched" => FeedbackSignal.Watched,
        _ => FeedbackSignal.Skipped,
    };
}

/// <summary>One recommended item: its id and kind (video or post), author, the ranking's score and the source that found it.</summary>
public sealed record RecommendationResponse(Guid Id, string Kind, Guid AuthorId, DateTimeOffset CreatedAt, double Score, string Source)
{
    public static RecommendationResponse From(RecommendedItem i) => new(i.Id, i.Kind, i.AuthorId, i.CreatedAt, i.Score, i.Source switch
    {
        CandidateSource.Followed => "followed",
        CandidateSource.CoEngaged => "co_engaged",
        CandidateSource.Trending => "trending",
        CandidateSource.Interests => "interests",
        _ => "fresh",
    });
}

public sealed record FeedbackResponse(bool Recorded);

/// <summary>A retrain's outcome: accepted (the version every silo now serves) or why the previous version stays.</summary>
public sealed record RetrainResponse(bool Accepted, long? Version, long? ServingVersion, string Outcome, double? Auc, double? Ndcg10, double? PopularityNdcg10, int? Examples,
    ViralRetrainResponse? Viral = null)
{
    public static RetrainResponse From(RetrainResult r) =>
        new(r.Accepted, r.Version, r.ServingVersion, r.Outcome, r.Metrics?.Auc, r.Metrics?.Ndcg10, r.Metrics?.PopularityNdcg10, r.Metrics?.Examples,
            r.Viral is { } v ? ViralRetrainResponse.From(v) : null);
}

/// <summary>The viral model's part of a retrain: accepted or why not, and its AUC and precision at 10 (model, first-hour
/// raw points, chance) on the later fifth of its history.</summary>
public sealed record ViralRetrainResponse(bool Accepted, long? Version, long? ServingVersion, string Outcome, double? Auc, double? PrecisionAt10,
    double? BaselinePrecisionAt10, double? RandomPrecisionAt10, int? Examples)
{
    public static ViralRetrainResponse From(ViralTrainingResult v) => new(v.Accepted, v.Version, v.ServingVersion, v.Outcome, v.Metrics?.Auc,
        v.Metrics?.PrecisionAt10, v.Metrics?.BaselinePrecisionAt10, v.Metrics?.RandomPrecisionAt10, v.Metrics?.Examples);
}
