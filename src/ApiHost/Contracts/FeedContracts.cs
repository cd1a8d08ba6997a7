using System.Text.Json.Serialization;
using SocialFlow.Grains.Interfaces.Feeds;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>
/// One home-feed item: `kind` (post | video), the item's id, author and time (a post's creation, a video's ready time),
/// and per kind what renders it: a post's text and images, a video's title, duration and thumbnail. Counts are at most
/// a few seconds old. A members-only post the reader may not see comes without its text and images, and with `locked`
/// saying what would open it.
/// </summary>
public sealed record FeedItemResponse(
    string Kind, Guid Id, UserRef Author, DateTimeOffset At, string Visibility,
    string? Text, IReadOnlyList<PostImageResponse>? Media,
    string? Title, double? DurationSeconds, string? ThumbnailUrl,
    long LikeCount, long CommentCount, long BookmarkCount, long? ViewCount, bool Sensitive,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AccessLockResponse? Locked = null)
{
    public static FeedItemResponse LockedFrom(FeedCard c, AccessDecision refusal) =>
        From(c) with { Text = null, Media = [], Locked = AccessLockResponse.From(refusal) };

    public static FeedItemResponse From(FeedCard c) => c.Kind == FeedItemKind.Post
        ? new("post", c.Id, new UserRef(c.AuthorId, c.AuthorUsername), c.At, c.Visibility, c.Text,
            c.Media.Select(m => new PostImageResponse(m.Id, m.Width, m.Height, m.ContentType, PostImageResponse.UrlOf(m.Id))).ToList(),
            null, null, null, c.LikeCount, c.CommentCount, c.BookmarkCount, null, c.Sensitive)
        : new("video", c.Id, new UserRef(c.AuthorId, c.AuthorUsername), c.At, c.Visibility, null, null,
            c.Title, c.DurationSeconds, VideoUrls.Thumbnails(c.Id, 1)[0], c.LikeCount, c.CommentCount, c.BookmarkCount, c.ViewCount,
            c.Sensitive);
}
