using Npgsql;
using Orleans.Serialization;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Videos;

public enum JobChange { None, Enqueue, Complete, Remove }

/// <summary>A video event for the outbox, published on the videos stream of the video (consumer: VideoEventsGrain).</summary>
public sealed record VideoEvent(string Kind, object Payload);

/// <summary>The SQL of one video: its row (columns + serialized state), its job and its outbox events.</summary>
public sealed partial class VideoStore(NpgsqlDataSource db, Serializer serializer)
{
    public async Task<(VideoState State, long Version)?> LoadAsync(Guid id)
    {
        await using var cmd = db.CreateCommand("SELECT state, version FROM videos WHERE id = $1");
        Tx.AddParameters(cmd, id);
        await using var r = await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync()) return null;
        return (serializer.Deserialize<VideoState>(r.GetFieldValue<byte[]>(0))!, r.GetInt64(1));
    }

    /// <summary>
    /// Inserts the video if the owner's quota allows it; owners are serialized by an advisory lock. A video that arrives
    /// whole (a live recording) has its transcoding job queued in the same commit.
    /// </summary>
    public async Task<bool> InsertAsync(Guid id, VideoState state, long quotaBytes, VideoEvent created, bool enqueueJob = false, Func<Tx, Task>? also = null)
    {
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 20))", state.OwnerId);
        if (await UsedBytesAsync(tx, state.OwnerId, id) + state.SizeBytes > quotaBytes) return false;
        await tx.ExecuteAsync("""
            INSERT INTO videos (id, owner_id, title, visibility, status, size_bytes, upload_offset, upload_expires_at,
                                duration_seconds, width, height, created_at, ready_at, deleted_at, moderation, sensitive, moderation_reason,
                                version, state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 1, $18)
            """, [.. Columns(id, state), serializer.SerializeToArray(state)]);
        if (enqueueJob) await tx.ExecuteAsync("INSERT INTO video_jobs (video_id) VALUES ($1)", id);
        await InsertEventAsync(tx, id, state.OwnerId, created);
        if (also is not null) await also(tx);
        await tx.CommitAsync();
        return true;
    }

    public async Task<long> UsedBytesAsync(Guid ownerId, Guid exceptVideo)
    {
        await using var tx = await Tx.BeginAsync(db);
        return await UsedBytesAsync(tx, ownerId, exceptVideo);
    }

    /// <summary>Writes the new state if the row is still at <paramref name="version"/>, and whatever <paramref name="also"/>
    /// writes (an audit row, a moderation flag) in the same transaction; returns the next version.</summary>
    public async Task<long> SaveAsync(Guid id, VideoState state, long version, JobChange job = JobChange.None,
        VideoEvent? evt = null, string? jobError = null, Func<Tx, Task>? also = null)
    {
        await using var tx = await Tx.BeginAsync(db);
        var updated = await tx.ExecuteAsync("""
            UPDATE videos SET owner_id = $2, title = $3, visibility = $4, status = $5, size_bytes = $6, upload_offset = $7,
                   upload_expires_at = $8, duration_seconds = $9, width = $10, height = $11, created_at = $12, ready_at = $13,
                   deleted_at = $14, moderation = $15, sensitive = $16, moderation_reason = $17, state = $18, version = version + 1
            WHERE id = $1 AND version = $19
            """, [.. Columns(id, state), serializer.SerializeToArray(state), version]);
        if (updated != 1) throw new InvalidOperationException($"Video {id} was changed by another writer (expected version {version}).");
        switch (job)
        {
            case JobChange.Enqueue:
                await tx.ExecuteAsync("""
                    INSERT INTO video_jobs (video_id) VALUES ($1)
                    ON CONFLICT (video_id) DO UPDATE SET completed_at = NULL, attempts = 0, lease_until = NULL, last_error = NULL
                    """, id);
                break;
            case JobChange.Complete:
                await tx.ExecuteAsync("UPDATE video_jobs SET completed_at = now(), lease_until = NULL, last_error = $2 WHERE video_id = $1",
                    id, (object?)jobError ?? DBNull.Value);
                break;
            case JobChange.Remove:
                await tx.ExecuteAsync("DELETE FROM video_jobs WHERE video_id = $1", id);
                break;
        }
        if (evt is not null) await InsertEventAsync(tx, id, state.OwnerId, evt);
        if (also is not null) await also(tx);
        await tx.CommitAsync();
        return version + 1;
    }

    private static async Task<long> UsedBytesAsync(Tx tx, Guid ownerId, Guid exceptVideo)
    {
        await using var cmd = tx.Command("""
            SELECT coalesce(sum(size_bytes), 0)::bigint FROM videos
            WHERE owner_id = $1 AND id <> $2 AND deleted_at IS NULL AND status <> 'failed'
            """, ownerId, exceptVideo);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static Task InsertEventAsync(Tx tx, Guid id, Guid ownerId, VideoEvent evt) =>
        EventOutbox.AppendAsync(tx, EventStreams.Videos, id, ownerId, evt.Kind, evt.Payload);

    private static object[] Columns(Guid id, VideoState s) =>
    [
        id, s.OwnerId, s.Title, Lower(s.Visibility), Lower(s.Status), s.SizeBytes, s.UploadOffset, Nullable(s.UploadExpiresAt),
        Nullable(s.DurationSeconds), Nullable(s.Width), Nullable(s.Height), s.CreatedAt, Nullable(s.ReadyAt),
        s.Deleted ? s.UpdatedAt : DBNull.Value, (object?)ContentModerationNames.Column(s.Standing) ?? DBNull.Value, s.Sensitive,
        (object?)s.ModerationReason ?? DBNull.Value,
    ];

    public static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static object Nullable<T>(T? value) where T : struct => value.HasValue ? value.Value : DBNull.Value;
}
