using Npgsql;
using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Videos;

/// <summary>Reads of the videos table for the upload sweeper. Stateless: any silo answers, locally.</summary>
[StatelessWorker]
public sealed class UploadSessionsGrain(NpgsqlDataSource db) : Grain, IUploadSessionsGrain
{
    public async Task<IReadOnlyList<Guid>> ExpiredAsync(int limit)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id FROM videos WHERE status = 'uploading' AND deleted_at IS NULL AND upload_expires_at < now() LIMIT $1
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await IdsAsync(cmd);
    }

    public async Task<IReadOnlyList<Guid>> StillUploadingAsync(IReadOnlyList<Guid> videoIds)
    {
        await using var cmd = db.CreateCommand("SELECT id FROM videos WHERE id = ANY($1) AND status = 'uploading' AND deleted_at IS NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = videoIds.ToArray() });
        return await IdsAsync(cmd);
    }

    private static async Task<IReadOnlyList<Guid>> IdsAsync(NpgsqlCommand cmd)
    {
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetGuid(0));
        return ids;
    }
}
