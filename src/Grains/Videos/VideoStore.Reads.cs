using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Videos;

/// <summary>The facts of a video that decide whether and where it enters a feed; <see cref="ReadyAt"/> null: never ready.</summary>
public sealed record VideoFeedFacts(Guid OwnerId, string Visibility, string Status, DateTimeOffset? ReadyAt, bool Deleted, bool Hidden = false);

/// <summary>Reads of the videos table that other domains ask for, named for what they read.</summary>
public sealed partial class VideoStore
{
    /// <summary>The video's row as it is now (the feeds' fan-out decides by it, whatever order events came in); null when there is none.</summary>
    public async Task<VideoFeedFacts?> FeedFactsAsync(Guid id)
    {
        // The reader is disposed exactly once, before the caller goes on: a data-source command hands its connection back
        // to the pool then, and Npgsql reuses the reader object with the connection, so a second dispose after a later
        // await would close another caller's reader (seen as a corrupted protocol in their command and a hung handler).
        await using var cmd = db.CreateCommand("""
            SELECT owner_id, visibility, status, ready_at, deleted_at IS NOT NULL, moderation IS NOT NULL FROM videos WHERE id = $1
            """);
        Tx.AddParameters(cmd, id);
        await using var r = await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync()) return null;
        return new VideoFeedFacts(r.GetGuid(0), r.GetString(1), r.GetString(2),
            r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3), r.GetBoolean(4), r.GetBoolean(5));
    }
}
