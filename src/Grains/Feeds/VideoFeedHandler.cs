using Npgsql;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Feeds;

namespace SocialFlow.Grains.Feeds;

/// <summary>
/// Video events into feeds: a video enters when it is ready and public, and leaves when deleted or made unlisted or
/// private. As for posts, the video's current row decides, so out-of-order re-deliveries do no harm.
/// </summary>
public sealed class VideoFeedHandler(NpgsqlDataSource db, FeedFanout fanout) : IDomainEventHandler
{
    public string Namespace => EventStreams.Videos;

    public async Task HandleAsync(DomainEvent evt)
    {
        if (evt.Kind is not (EventKinds.Video.Ready or EventKinds.Video.Updated or EventKinds.Video.Deleted)) return;
        await using var cmd = db.CreateCommand("""
            SELECT owner_id, visibility, status, ready_at, deleted_at IS NOT NULL FROM videos WHERE id = $1
            """);
        Tx.AddParameters(cmd, evt.EntityId);
        await using var r = await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync() || r.IsDBNull(3)) return; // never ready: never in a feed
        var entry = new FeedEntry(evt.EntityId, FeedItemKind.Video, r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(3));
        var feedable = FeedItems.VideoFeedable(r.GetBoolean(4), r.GetString(2), r.GetString(1));
        await r.DisposeAsync();
        await (feedable ? fanout.PushAsync(entry) : fanout.RemoveAsync(entry));
    }
}
