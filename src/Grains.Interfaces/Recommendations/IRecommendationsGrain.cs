using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Recommendations;

/// <summary>
/// One person's recommendations (key: the user id): a bounded ranked list refilled when it runs low and after feedback,
/// and pages taken from it. A page without a cursor starts a session ranked afresh; pages that follow its cursors never
/// repeat an item of the session.
/// </summary>
public interface IRecommendationsGrain : IGrainWithGuidKey
{
    /// <summary>The next <paramref name="limit"/> items of that type (at most 100), best first, after <paramref name="after"/>
    /// (a cursor this grain gave; null, or one of a session it no longer has, starts a new session).</summary>
    Task<RecommendationPage> NextAsync(RecommendationType type, PageCursor? after, int limit);

    /// <summary>Records a signal (durable when it returns) and reranks; false when the item does not exist or the person may not see it.</summary>
    Task<bool> FeedbackAsync(Guid itemId, FeedbackSignal signal, int? seconds);

    /// <summary>Re-infers the person's interests (tags and accounts) from what they did, writes them through their interests
    /// grain; called before the interests are shown.</summary>
    Task RefreshInterestsAsync();

    /// <summary>Forgets the list, so that the next page is ranked afresh (after an interest was removed).</summary>
    Task ResetAsync();
}

/// <summary>
/// The ranking model's training (key 0): on a reminder every RetrainEvery and on an admin's demand (audited). A training
/// that fails or does no better than chance keeps the previous version.
/// </summary>
public interface IRecommendationTrainerGrain : IScheduledGrain
{
    /// <summary>Trains from the platform's events; <paramref name="requestedBy"/> is audited (null: the schedule).</summary>
    [ResponseTimeout("00:10:00")]
    Task<RetrainResult> RetrainAsync(Moderation.AuditActor? requestedBy);
}
