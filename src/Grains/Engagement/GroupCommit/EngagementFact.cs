namespace SocialFlow.Grains.Engagement.GroupCommit;

public enum FactKind { Like, Unlike, Bookmark, Unbookmark, React, View }

/// <summary>
/// One engagement write a grain hands to the silo's <see cref="EngagementWriter"/>. <see cref="Key"/> is the user id
/// for likes, bookmarks and reactions and the viewer key for views; <see cref="Reaction"/> is null to clear a reaction.
/// </summary>
public sealed record EngagementFact(FactKind Kind, Guid ContentId, string Key, string? Reaction = null, int WatchSeconds = 0)
{
    public static EngagementFact For(FactKind kind, Guid contentId, Guid userId, string? reaction = null) =>
        new(kind, contentId, userId.ToString(), reaction);

    public static EngagementFact View(Guid contentId, string viewerKey, int watchSeconds) =>
        new(FactKind.View, contentId, viewerKey, null, watchSeconds);

    /// <summary>Facts on the same row: at most one of them goes into a batch (likes and unlikes share rows).</summary>
    public (int Table, Guid ContentId, string Key) Row => (Kind switch
    {
        FactKind.Like or FactKind.Unlike => 0,
        FactKind.Bookmark or FactKind.Unbookmark => 1,
        FactKind.React => 2,
        _ => 3,
    }, ContentId, Key);
}

/// <summary>Whether the fact changed anything (a new like, a counted view…), and for reactions the one it replaced.</summary>
public readonly record struct FactOutcome(bool Changed, string? PreviousReaction = null);
