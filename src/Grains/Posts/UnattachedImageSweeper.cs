using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Posts;

/// <summary>
/// Deletes images that were uploaded but never attached to a post (nor claimed by an ad creative) within
/// UnattachedLifetime (a client that gave up half way), rows and files, in small chunks. Every silo runs one; SKIP LOCKED keeps two from taking the same rows,
/// and an image being attached right now is locked by that post's transaction, so it is skipped.
/// </summary>
public sealed class UnattachedImageSweeper(
    NpgsqlDataSource db, IMediaStore store, IOptions<PostImageOptions> options, ILogger<UnattachedImageSweeper> logger)
    : ChunkedCleanup(logger)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override int Chunk => 500;

    public override async Task<int> CleanChunkAsync(CancellationToken ct)
    {
        var keys = new List<string>();
        await using (var cmd = db.CreateCommand("""
            UPDATE post_media SET deleted_at = now() WHERE id IN (
                SELECT id FROM post_media WHERE post_id IS NULL AND ad_creative_id IS NULL AND deleted_at IS NULL AND created_at < now() - $1::interval
                ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING storage_key
            """))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = options.Value.UnattachedLifetime });
            cmd.Parameters.Add(new NpgsqlParameter { Value = Chunk });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) keys.Add(reader.GetString(0));
        }
        foreach (var key in keys) await store.DeletePrefixAsync(PostImageKeys.InStore(key), ct);
        return keys.Count;
    }
}
