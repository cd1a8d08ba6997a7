using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Videos;

/// <summary>Reads of upload sessions for the API hosts' staged-upload sweeper.</summary>
public sealed partial class VideoStore
{
    /// <summary>Videos whose upload session has expired while still uploading, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<Guid>> ExpiredUploadsAsync(int limit)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id FROM videos WHERE status = 'uploading' AND deleted_at IS NULL AND upload_expires_at < now() LIMIT $1
            """);
        Tx.AddParameters(cmd, limit);
        return await Tx.ReadIdsAsync(cmd);
    }

    /// <summary>Those of <paramref name="videoIds"/> whose upload is still going on.</summary>
    public async Task<IReadOnlyList<Guid>> StillUploadingAsync(IReadOnlyList<Guid> videoIds)
    {
        await using var cmd = db.CreateCommand("SELECT id FROM videos WHERE id = ANY($1) AND status = 'uploading' AND deleted_at IS NULL");
        Tx.AddParameters(cmd, videoIds.ToArray());
        return await Tx.ReadIdsAsync(cmd);
    }

}
