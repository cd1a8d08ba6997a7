namespace SocialFlow.Grains.Interfaces.Recommendations;

/// <summary>What a person tells about a recommended item (`POST /ml/feedback`).</summary>
public enum FeedbackSignal { NotInterested, SeeMore, Watched, Skipped }

/// <summary>Which items a page asks for: videos, posts, or both (the For-you feed).</summary>
public enum RecommendationType { Any, Video, Post }

/// <summary>Where a candidate came from; also a feature of the ranking model.</summary>
public enum CandidateSource { Followed, CoEngaged, Trending, Interests, Fresh }

/// <summary>One recommended item: its kind ("video" or "post"), author, the model's score and the source that found it.</summary>
[GenerateSerializer, Immutable]
public sealed record RecommendedItem(
    [property: Id(0)] Guid Id, [property: Id(1)] string Kind, [property: Id(2)] Guid AuthorId, [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] double Score, [property: Id(5)] CandidateSource Source);

/// <summary>A page of recommendations and the cursor of the next one (null when the session has nothing more).</summary>
[GenerateSerializer, Immutable]
public sealed record RecommendationPage([property: Id(0)] IReadOnlyList<RecommendedItem> Items, [property: Id(1)] Paging.PageCursor? Next);

/// <summary>How a model did on the held-out part of its training data: ranking quality against popularity's.</summary>
[GenerateSerializer, Immutable]
public sealed record ModelMetrics(
    [property: Id(0)] double Auc, [property: Id(1)] double Ndcg10, [property: Id(2)] double PopularityNdcg10,
    [property: Id(3)] int Examples, [property: Id(4)] double TrainSeconds);

/// <summary>The outcome of a retrain: accepted (the new version every silo swaps to) or rejected with why (the previous
/// version stays); <see cref="Viral"/> is the viral model's training, run with it (null when it could not run).</summary>
[GenerateSerializer, Immutable]
public sealed record RetrainResult(
    [property: Id(0)] bool Accepted, [property: Id(1)] long? Version, [property: Id(2)] long? ServingVersion,
    [property: Id(3)] string Outcome, [property: Id(4)] ModelMetrics? Metrics,
    [property: Id(5)] Trending.ViralTrainingResult? Viral = null);
