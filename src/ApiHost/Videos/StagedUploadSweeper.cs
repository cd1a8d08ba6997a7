using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Interfaces.Videos;
using SocialFlow.Grains.Videos;

namespace SocialFlow.ApiHost.Videos;

/// <summary>
/// Ends expired upload sessions (their videos fail with a reason) and removes staged files that no live upload owns.
/// Runs on each API host, since each stages its own uploads.
/// </summary>
public sealed class StagedUploadSweeper(
    NpgsqlDataSource db, IGrainFactory grains, UploadStaging staging, IOptions<VideoOptions> options,
    IHostApplicationLifetime lifetime, ILogger<StagedUploadSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStarted).Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Upload sweep failed; retrying next round");
            }
            try { await Task.Delay(options.Value.SweepInterval, ct); } catch (OperationCanceledException) { return; }
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        await using (var cmd = db.CreateCommand("""
            SELECT id FROM videos WHERE status = 'uploading' AND deleted_at IS NULL AND upload_expires_at < now() LIMIT 200
            """))
        {
            var expired = new List<Guid>();
            await using (var r = await cmd.ExecuteReaderAsync(ct)) while (await r.ReadAsync(ct)) expired.Add(r.GetGuid(0));
            foreach (var id in expired)
            {
                if (await grains.Ref<IVideoGrain>(id).ExpireUploadAsync()) staging.Delete(id);
            }
        }
        var stale = staging.List().Where(f => DateTime.UtcNow - f.LastWriteUtc > OrphanAge).Select(f => f.Id).ToArray();
        if (stale.Length == 0) return;
        await using var live = db.CreateCommand("SELECT id FROM videos WHERE id = ANY($1) AND status = 'uploading' AND deleted_at IS NULL");
        live.Parameters.Add(new NpgsqlParameter { Value = stale });
        var keep = new HashSet<Guid>();
        await using (var r = await live.ExecuteReaderAsync(ct)) while (await r.ReadAsync(ct)) keep.Add(r.GetGuid(0));
        foreach (var id in stale.Where(id => !keep.Contains(id))) staging.Delete(id);
    }
}
