namespace SocialFlow.Grains.Interfaces.Engagement;

public enum ContentKind { Video, Post, Comment }

/// <summary>
/// Who may see an item now, as its owning grain decides: e.g. a video that is not ready is Private (its owner alone)
/// whatever visibility it will have. Followers-only means the owner's followers.
/// </summary>
/// <summary>Who may see an item, widest first (a later value is narrower: ContentGrain ends watches when it narrows).</summary>
public enum Visibility { Public, Unlisted, Followers, Private }

/// <summary>What the engagement layer needs to know about any likeable item; its owning grain publishes it.</summary>
[GenerateSerializer, Immutable]
public sealed record ContentInfo(
    [property: Id(0)] Guid Id,
    [property: Id(1)] ContentKind Kind,
    [property: Id(2)] Guid OwnerId,
    [property: Id(3)] Visibility Visibility,
    [property: Id(4)] Guid? ParentId,
    [property: Id(5)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable]
public sealed record ContentCounts(
    [property: Id(0)] long Likes,
    [property: Id(1)] long Views,
    [property: Id(2)] long Comments,
    [property: Id(3)] long Bookmarks,
    [property: Id(4)] IReadOnlyDictionary<string, long> Reactions);

/// <summary>What one viewer has done to an item.</summary>
[GenerateSerializer, Immutable]
public sealed record ViewerState(
    [property: Id(0)] bool Liked,
    [property: Id(1)] bool Bookmarked,
    [property: Id(2)] string? Reaction);

public enum EngagementStatus { Applied, AlreadyInThatState, NotFound }

[GenerateSerializer, Immutable]
public sealed record EngagementResult(
    [property: Id(0)] EngagementStatus Status,
    [property: Id(1)] ContentCounts? Counts);

[GenerateSerializer, Immutable]
public sealed record ContentSnapshot(
    [property: Id(0)] ContentCounts Counts,
    [property: Id(1)] ViewerState Viewer);
