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
        FeedEntry entry;
        bool feedable;
        // The reader is disposed exactly once, before the fan-out: a data-source command hands its connection back to
        // the pool then, and Npgsql reuses the reader object with the connection, so a second dispose after the await
        // would close another caller's reader (seen as a corrupted protocol in their command and a hung handler here).
        await using (var cmd = db.CreateCommand("""
            SELECT owner_id, visibility, status, ready_at, deleted_at IS NOT NULL FROM videos WHERE id = $1
            """))
        {
            Tx.AddParameters(cmd, evt.EntityId);
            await using var r = await cmd.ExecuteReaderAsync();
            if (!await r.ReadAsync() || r.IsDBNull(3)) return; // never ready: never in a feed
            entry = new FeedEntry(evt.EntityId, FeedItemKind.Video, r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(3));
            feedable = FeedItems.VideoFeedable(r.GetBoolean(4), r.GetString(2), r.GetString(1));
        }
        await (feedable ? fanout.PushAsync(entry) : fanout.RemoveAsync(entry));
    }
}
