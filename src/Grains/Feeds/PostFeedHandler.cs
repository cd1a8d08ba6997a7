using Npgsql;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Feeds;

namespace SocialFlow.Grains.Feeds;

/// <summary>
/// Post events into feeds. The post's row as it is now decides, not the event's payload: re-published events may
/// arrive out of order (a "created" after its "deleted"), and the current row is right whatever the order.
/// </summary>
public sealed class PostFeedHandler(NpgsqlDataSource db, FeedFanout fanout) : IDomainEventHandler
{
    public string Namespace => EventStreams.Posts;

    public async Task HandleAsync(DomainEvent evt)
    {
        await using var cmd = db.CreateCommand("SELECT author_id, visibility, created_at, deleted_at IS NOT NULL FROM posts WHERE id = $1");
        Tx.AddParameters(cmd, evt.EntityId);
        FeedEntry entry;
        bool feedable;
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            if (!await r.ReadAsync()) return;
            entry = new FeedEntry(evt.EntityId, FeedItemKind.Post, r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(2));
            feedable = FeedItems.PostFeedable(r.GetBoolean(3), r.GetString(1));
        }
        // Text edits change no feed: the card shows the new text when its cache lapses.
        if (evt.Kind == EventKinds.Post.Updated && feedable && !VisibilityIn(evt)) return;
        await (feedable ? fanout.PushAsync(entry) : fanout.RemoveAsync(entry));
    }

    /// <summary>Whether an update may have changed the visibility (its payload says so; older events say nothing).</summary>
    private static bool VisibilityIn(DomainEvent evt) => !evt.Payload.Contains("\"visibility_changed\":false", StringComparison.Ordinal);
}
