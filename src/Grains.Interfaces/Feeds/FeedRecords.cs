using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.Grains.Interfaces.Feeds;

public enum FeedItemKind : short { Post = 0, Video = 1 }

/// <summary>One item in a feed window. <see cref="At"/> orders the feed: a post's creation, a video's ready time.</summary>
[GenerateSerializer, Immutable, Alias("feed-entry-v1")]
public sealed record FeedEntry(
    [property: Id(0)] Guid ItemId,
    [property: Id(1)] FeedItemKind Kind,
    [property: Id(2)] Guid AuthorId,
    [property: Id(3)] DateTimeOffset At);

/// <summary>
/// What a feed shows of an item: the post's text and images, or the video's title and duration, with the author's
/// username and counts as of <see cref="FeedCard"/>'s load (cached for a few seconds per silo). A members-only post
/// carries the lowest tier rank that opens it: the API host shows it whole only to those its content gate lets in.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FeedCard(
    [property: Id(0)] Guid Id,
    [property: Id(1)] FeedItemKind Kind,
    [property: Id(2)] Guid AuthorId,
    [property: Id(3)] string AuthorUsername,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string Visibility,
    [property: Id(6)] string? Text,
    [property: Id(7)] string? Title,
    [property: Id(8)] double? DurationSeconds,
    [property: Id(9)] IReadOnlyList<PostImage> Media,
    [property: Id(10)] long LikeCount,
    [property: Id(11)] long CommentCount,
    [property: Id(12)] long BookmarkCount,
    [property: Id(13)] long ViewCount,
    [property: Id(14)] bool Sensitive = false,
    [property: Id(15)] int? MembersOnlyRank = null);

[GenerateSerializer, Immutable]
public sealed record FeedPage([property: Id(0)] IReadOnlyList<FeedCard> Items, [property: Id(1)] PageCursor? Next);
