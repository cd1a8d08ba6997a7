using Npgsql;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Live;

public sealed class LiveStreamStore(NpgsqlDataSource db)
{
    /// <summary>What <see cref="Read"/> reads, in order; queries add their own columns after these.</summary>
    internal const string Columns =
        "id, owner_id, title, description, visibility, record, state, peak_viewers, created_at, started_at, ended_at, recording_video_id, recording_pending, " +
        "sensitive, moderation, moderation_reason";

    /// <summary>The stream, its key's hash, and the video its recording is to become while that is still pending.</summary>
    public async Task<(LiveStreamView View, byte[] KeyHash, Guid? PendingRecording)?> LoadAsync(Guid id)
    {
        await using var cmd = db.CreateCommand($"SELECT {Columns}, key_hash FROM live_streams WHERE id = $1");
        Tx.AddParameters(cmd, id);
        await using var r = await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync()) return null;
        return (Read(r), r.GetFieldValue<byte[]>(16), r.GetBoolean(12) ? r.GetGuid(11) : null);
    }

    /// <summary>Public streams live now, newest start first, after the cursor (keyset paging on started_at, id).</summary>
    public async Task<List<LiveStreamView>> LiveNowAsync(PageCursor? after, int count)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT {Columns} FROM live_streams
            WHERE state = 'live' AND visibility = 'public' AND moderation IS NULL AND ($1::timestamptz IS NULL OR (started_at, id) < ($1, $2))
            ORDER BY started_at DESC, id DESC LIMIT $3
            """);
        Tx.AddParameters(cmd, (object?)after?.At ?? DBNull.Value, (object?)after?.Id ?? DBNull.Value, count);
        var streams = new List<LiveStreamView>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) streams.Add(Read(r));
        return streams;
    }

    /// <summary>The owner's streams that are scheduled or live (what a suspension ends); read for Users.</summary>
    public async Task<List<Guid>> OpenStreamIdsOfOwnerAsync(Guid ownerId)
    {
        await using var cmd = db.CreateCommand("SELECT id FROM live_streams WHERE owner_id = $1 AND state IN ('scheduled', 'live')");
        Tx.AddParameters(cmd, ownerId);
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetGuid(0));
        return ids;
    }

    internal static LiveStreamView Read(NpgsqlDataReader r) => new(r.GetGuid(0), r.GetGuid(1), r.GetString(2),
        r.IsDBNull(3) ? null : r.GetString(3), Enum.Parse<Visibility>(r.GetString(4), ignoreCase: true), r.GetBoolean(5),
        Enum.Parse<LiveState>(r.GetString(6), ignoreCase: true), r.GetInt32(7), r.GetFieldValue<DateTimeOffset>(8), Time(r, 9), Time(r, 10),
        r.IsDBNull(11) || r.GetBoolean(12) ? null : r.GetGuid(11), r.GetBoolean(13),
        new ContentModeration(ContentModerationNames.FromColumn(r.IsDBNull(14) ? null : r.GetString(14)), false, r.IsDBNull(15) ? null : r.GetString(15)).Notice);

    /// <summary>False when the id is taken.</summary>
    public async Task<bool> InsertAsync(LiveStreamView s, byte[] keyHash)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO live_streams (id, owner_id, title, description, visibility, record, key_hash, state, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING
            """);
        Tx.AddParameters(cmd, s.Id, s.OwnerId, s.Title, (object?)s.Description ?? DBNull.Value, Name(s.Visibility), s.Record, keyHash, Name(s.State), s.CreatedAt);
        return await cmd.ExecuteNonQueryAsync() == 1;
    }

    public async Task SetKeyAsync(Guid id, byte[] keyHash)
    {
        await using var cmd = db.CreateCommand("UPDATE live_streams SET key_hash = $2 WHERE id = $1");
        Tx.AddParameters(cmd, id, keyHash);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Writes the stream's state and, when the state changed, its started or ended event in the same commit, so followers
    /// hear of a live start exactly when it happened. <paramref name="pendingRecording"/>: the video the recording is to
    /// become, while it is not yet; else the view's.
    /// </summary>
    public async Task SetStateAsync(LiveStreamView s, Guid? pendingRecording = null)
    {
        await using var tx = await Tx.BeginAsync(db);
        string? before;
        await using (var cmd = tx.Command("""
            UPDATE live_streams n SET state = $2, started_at = $3, ended_at = $4, peak_viewers = $5, recording_video_id = $6, recording_pending = $7
            FROM live_streams o WHERE n.id = $1 AND o.id = n.id
            RETURNING o.state
            """, s.Id, Name(s.State), (object?)s.StartedAt ?? DBNull.Value, (object?)s.EndedAt ?? DBNull.Value, s.PeakViewers,
            (object?)(pendingRecording ?? s.RecordingVideoId) ?? DBNull.Value, pendingRecording is not null))
        {
            before = await cmd.ExecuteScalarAsync() as string;
        }
        if (before != Name(s.State) && s.State is LiveState.Live or LiveState.Ended)
        {
            await EventOutbox.AppendAsync(tx, EventStreams.Live, s.Id, s.OwnerId, s.State == LiveState.Live ? EventKinds.Live.Started : EventKinds.Live.Ended, new
            {
                stream_id = s.Id, owner_id = s.OwnerId, title = s.Title, visibility = Name(s.Visibility), at = s.EndedAt ?? s.StartedAt,
            });
        }
        await tx.CommitAsync();
    }

    /// <summary>Sets the stream's standing and sensitive flag with the audit row, in one transaction.</summary>
    public async Task ModerateAsync(Guid id, ContentModeration moderation, AuditActor by, ContentAction action, string? reason)
    {
        await using var tx = await Tx.BeginAsync(db);
        Guid? owner;
        await using (var cmd = tx.Command("UPDATE live_streams SET moderation = $2, sensitive = $3, moderation_reason = $4 WHERE id = $1 RETURNING owner_id",
            id, (object?)ContentModerationNames.Column(moderation.Standing) ?? DBNull.Value, moderation.Sensitive, (object?)moderation.Reason ?? DBNull.Value))
        {
            owner = await cmd.ExecuteScalarAsync() as Guid?;
        }
        if (owner is { } ownerId)
        {
            // For what shows the stream elsewhere (the search index): held or removed, it is hidden from everyone else.
            await EventOutbox.AppendAsync(tx, EventStreams.Live, id, ownerId, EventKinds.Live.Updated, new { stream_id = id, owner_id = ownerId, at = DateTimeOffset.UtcNow });
        }
        await ContentAudit.AppendAsync(tx, by, ModerationTargetType.LiveStream, id, action, reason);
        await tx.CommitAsync();
    }

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}
