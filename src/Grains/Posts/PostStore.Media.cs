using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.Grains.Posts;

/// <summary>The SQL of uploaded post images before they are attached (PostMediaGrain's rows of post_media).</summary>
public sealed partial class PostStore
{
    public async Task InsertMediaAsync(PostMediaRecord record)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO post_media (id, uploader_id, content_type, width, height, size_bytes, storage_key, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """);
        Tx.AddParameters(cmd, record.Id, record.UploaderId, record.ContentType, record.Width, record.Height, record.SizeBytes, record.StorageKey,
            record.CreatedAt);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The image unless it is deleted; null when there is none.</summary>
    public async Task<PostMediaRecord?> FindMediaAsync(Guid mediaId)
    {
        await using var cmd = db.CreateCommand("""
            SELECT uploader_id, post_id, content_type, width, height, size_bytes, storage_key, created_at
            FROM post_media WHERE id = $1 AND deleted_at IS NULL
            """);
        Tx.AddParameters(cmd, mediaId);
        await using var r = await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync()) return null;
        return new PostMediaRecord(mediaId, r.GetGuid(0), r.IsDBNull(1) ? null : r.GetGuid(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4),
            r.GetInt64(5), r.GetString(6), r.GetFieldValue<DateTimeOffset>(7));
    }
}
