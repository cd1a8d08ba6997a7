using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Telemetry;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Feeds;
using SocialFlow.Grains.Videos;

namespace SocialFlow.Grains.Feeds;

/// <summary>
/// Video events into feeds: a video enters when it is ready and public, and leaves when deleted or made unlisted or
/// private. As for posts, the video's current row decides, so out-of-order re-deliveries do no harm.
/// </summary>
public sealed class VideoFeedHandler(VideoStore videos, FeedFanout fanout, SocialFlowMetrics metrics) : IDomainEventHandler
{
    public string Namespace => EventStreams.Videos;

    public async Task HandleAsync(DomainEvent evt)
    {
        if (evt.Kind is not (EventKinds.Video.Ready or EventKinds.Video.Updated or EventKinds.Video.Deleted)) return;
        if (await videos.FeedFactsAsync(evt.EntityId) is not { ReadyAt: { } readyAt } video) return; // never ready: never in a feed
        var entry = new FeedEntry(evt.EntityId, FeedItemKind.Video, video.OwnerId, readyAt);
        var feedable = FeedItems.VideoFeedable(video.Deleted, video.Status, video.Visibility, video.Hidden);
        if (!feedable)
        {
            await fanout.RemoveAsync(entry);
            return;
        }
        await fanout.PushAsync(entry);
        metrics.RecordLag(metrics.FanoutLag, evt.OccurredAt);
    }
}
