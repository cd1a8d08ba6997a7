using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.ApiHost.Videos;

/// <summary>
/// Ends expired upload sessions (their videos fail with a reason) and removes staged files that no live upload owns.
/// Runs on each API host, since each stages its own uploads; which uploads still live, the silo reads.
/// </summary>
public sealed class StagedUploadSweeper(
    IGrainFactory grains, UploadStaging staging, IOptions<VideoUploadOptions> options, TimeProvider clock,
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
            if (await grains.Ref<IVideoGrain>(id).ExpireUploadAsync()) staging.Delete(id);
        }
        var stale = staging.List().Where(f => clock.GetUtcNow().UtcDateTime - f.LastWriteUtc > OrphanAge).Select(f => f.Id).ToArray();
        if (stale.Length == 0) return;
        var keep = (await sessions.StillUploadingAsync(stale)).ToHashSet();
        foreach (var id in stale.Where(id => !keep.Contains(id))) staging.Delete(id);
    }
}
