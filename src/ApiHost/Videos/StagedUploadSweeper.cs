using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.ApiHost.Videos;

/// <summary>
/// Ends expired upload sessions (their videos fail with a reason) and removes staged chunks that no live upload owns
/// (which uploads still live, the silo reads), and this host's scratch files of requests it never finished. Runs on
/// each API host; the staged chunks are shared, so two hosts may sweep the same ones, which is harmless.
/// </summary>
public sealed class StagedUploadSweeper(
    IGrainFactory grains, IStagedUploads staged, IOptions<VideoUploadOptions> options, TimeProvider clock,
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
        var sessions = grains.Ref<IUploadSessionsGrain>(0);
        foreach (var id in await sessions.ExpiredAsync(200))
        {
            if (await grains.Ref<IVideoGrain>(id).ExpireUploadAsync()) await staged.DeleteAsync(id, ct);
        }
        DeleteOldScratchFiles();
        var stale = (await staged.ListAsync(ct)).Where(u => clock.GetUtcNow() - u.LastWrite > OrphanAge).Select(u => u.VideoId).ToArray();
        if (stale.Length == 0) return;
        var keep = (await sessions.StillUploadingAsync(stale)).ToHashSet();
        foreach (var id in stale.Where(id => !keep.Contains(id))) await staged.DeleteAsync(id, ct);
    }

    /// <summary>A request's body is in a scratch file only while the request runs; one left over is from a host that stopped.</summary>
    private void DeleteOldScratchFiles()
    {
        var scratch = new DirectoryInfo(options.Value.UploadDirectory!);
        if (!scratch.Exists) return;
        foreach (var file in scratch.EnumerateFiles())
        {
            if (clock.GetUtcNow().UtcDateTime - file.LastWriteTimeUtc > OrphanAge) file.Delete();
        }
    }
}
