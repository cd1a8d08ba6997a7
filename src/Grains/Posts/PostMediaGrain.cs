using Npgsql;
using Orleans.Concurrency;
using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.Grains.Posts;

/// <summary>Sanitises and stores uploaded images and records their rows; attaching them is the post grain's job.</summary>
[StatelessWorker]
public sealed class PostMediaGrain(NpgsqlDataSource db, ImageSanitizer sanitizer, LocalImageStore store, TimeProvider clock) : Grain, IPostMediaGrain
{
    public async Task<ImageUploadResult> UploadAsync(Guid uploaderId, Immutable<byte[]> bytes)
    {
        var (status, image, detail) = await sanitizer.SanitiseAsync(bytes.Value, store.ScratchDirectory());
        if (image is null) return new ImageUploadResult(status, null, detail);

        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var key = $"{now:yyyy}/{now:MM}/{id:N}.{image.Extension}";
        await store.SaveAsync(key, image.File);
        var record = new PostMediaRecord(id, uploaderId, null, image.ContentType, image.Width, image.Height, image.SizeBytes, key, now);
        try
        {
            await using var cmd = db.CreateCommand("""
                INSERT INTO post_media (id, uploader_id, content_type, width, height, size_bytes, storage_key, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """);
            Tx.AddParameters(cmd, id, uploaderId, record.ContentType, record.Width, record.Height, record.SizeBytes, key, now);
            await cmd.ExecuteNonQueryAsync();
        }
        catch
        {
            store.Delete(key);
            throw;
        }
        return new ImageUploadResult(ImageUploadStatus.Ok, record, null);
    }

    public async Task<PostMediaRecord?> FindAsync(Guid mediaId)
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
