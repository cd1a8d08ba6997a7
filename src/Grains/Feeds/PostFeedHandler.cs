using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Telemetry;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Feeds;
using SocialFlow.Grains.Posts;

namespace SocialFlow.Grains.Feeds;

/// <summary>
/// Post events into feeds. The post's row as it is now decides, not the event's payload: re-published events may
/// arrive out of order (a "created" after its "deleted"), and the current row is right whatever the order.
/// </summary>
public sealed class PostFeedHandler(PostStore posts, FeedFanout fanout, SocialFlowMetrics metrics) : IDomainEventHandler
{
    public string Namespace => EventStreams.Posts;

    public async Task HandleAsync(DomainEvent evt)
    {
        if (await posts.FeedFactsAsync(evt.EntityId) is not { } post) return;
        var entry = new FeedEntry(evt.EntityId, FeedItemKind.Post, post.AuthorId, post.CreatedAt);
        var feedable = FeedItems.PostFeedable(post.Deleted, post.Visibility, post.Hidden);
        // Text edits change no feed: the card shows the new text when its cache lapses.
        if (evt.Kind == EventKinds.Post.Updated && feedable && !AudienceIn(evt)) return;
        if (!feedable)
        {
            await fanout.RemoveAsync(entry);
            return;
        }
        await fanout.PushAsync(entry);
        metrics.RecordLag(metrics.FanoutLag, evt.OccurredAt);
    }

    /// <summary>Whether an update may have changed who sees the post: its visibility (the payload says so; older events say
    /// nothing) or its moderation standing (a moderation event says moderation_changed).</summary>
    private static bool AudienceIn(DomainEvent evt) =>
        !evt.Payload.Contains("\"visibility_changed\":false", StringComparison.Ordinal)
        || evt.Payload.Contains("\"moderation_changed\":true", StringComparison.Ordinal);
}
