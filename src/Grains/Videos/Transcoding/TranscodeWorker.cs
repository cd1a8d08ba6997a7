using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Infrastructure.Telemetry;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Videos.Transcoding;

/// <summary>
/// Background transcoding in the silo: MaxConcurrentJobs loops, each claiming one job at a time from video_jobs.
/// It takes part in the silo lifecycle (Active stage) so it stops, and gives its jobs back, before the silo goes down.
/// </summary>
public sealed class TranscodeWorker(
    TranscodeJobQueue queue, IMediaStore media, VideoTranscoder transcoder, TranscodeSignal signal, IGrainFactory grains,
    ILocalSiloDetails silo, IOptions<VideoOptions> options, TimeProvider clock, SocialFlowMetrics metrics, ILogger<TranscodeWorker> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loops = Task.CompletedTask;
    private VideoOptions Options => options.Value;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(TranscodeWorker), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken _)
    {
        metrics.Meter.CreateObservableGauge("socialflow.transcode.queue_depth", queue.MeasurePending, "{job}",
            "Transcoding jobs not completed (waiting or running), cluster-wide.");
        _loops = Task.WhenAll(Enumerable.Range(0, Options.MaxConcurrentJobs)
            .Select(i => Task.Run(() => LoopAsync($"{silo.SiloAddress}/{i}", _stopping.Token))));
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken ct)
    {
        await _stopping.CancelAsync();
        await _loops.WaitAsync(ct).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task LoopAsync(string worker, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TranscodeJob? job = null;
            try
            {
                job = await queue.ClaimAsync(worker, Options.JobLease, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not claim a transcoding job; retrying");
            }
            if (job is null)
            {
                await signal.WaitAsync(Options.JobPollInterval, ct);
                continue;
            }
            await RunAsync(job, worker, ct);
        }
    }

    private async Task RunAsync(TranscodeJob job, string worker, CancellationToken stopping)
    {
        var video = grains.Ref<IVideoGrain>(job.VideoId);
        using var lease = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var renewal = RenewLeaseAsync(job.VideoId, worker, lease);
        var workDir = Path.Combine(WorkRoot, $"{job.VideoId:N}-{Guid.NewGuid():N}");
        try
        {
            if (await video.BeginProcessingAsync() is null)
            {
                await queue.CompleteAsync(job.VideoId);
                return;
            }
            if (job.Attempt > Options.MaxJobAttempts)
            {
                await video.FailProcessingAsync($"Transcoding failed after {Options.MaxJobAttempts} attempts.");
                return;
            }
            Directory.CreateDirectory(workDir);
            var started = clock.GetTimestamp();
            await TranscodeAsync(job.VideoId, video, workDir, lease.Token);
            metrics.TranscodeDuration.Record(clock.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (stopping.IsCancellationRequested)
        {
            logger.LogInformation("Transcoding of {VideoId} interrupted by shutdown ({Error}); the job is given back", job.VideoId, e.GetType().Name);
            await Quietly(() => queue.ReleaseAsync(job.VideoId, worker, TimeSpan.Zero, "interrupted by shutdown"));
        }
        catch (Exception e) when (lease.IsCancellationRequested)
        {
            logger.LogWarning("Lost the lease on transcoding job {VideoId} ({Error}); another worker has it", job.VideoId, e.GetType().Name);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Transcoding of {VideoId} failed (attempt {Attempt}); will retry", job.VideoId, job.Attempt);
            await Quietly(() => queue.ReleaseAsync(job.VideoId, worker, TimeSpan.FromSeconds(5 * job.Attempt), e.Message));
        }
        finally
        {
            await lease.CancelAsync();
            await renewal;
            if (Directory.Exists(workDir)) Directory.Delete(workDir, recursive: true);
        }
    }

    private async Task TranscodeAsync(Guid id, IVideoGrain video, string workDir, CancellationToken ct)
    {
        var source = Path.Combine(workDir, "source");
        await using (var input = await media.OpenReadAsync(MediaKeys.Source(id), ct: ct))
        {
            if (input is null)
            {
                await video.FailProcessingAsync("The uploaded file is missing from the media store.");
                return;
            }
            await using var file = File.Create(source);
            await input.CopyToAsync(file, ct);
        }
        var probe = await VideoTranscoder.ProbeAsync(source, ct);
        if (probe.Problem is { } problem)
        {
            await video.FailProcessingAsync(problem);
            return;
        }
        var outDir = Path.Combine(workDir, "out");
        long? reported = null;
        var processed = await transcoder.TranscodeAsync(source, probe, outDir, async percent =>
        {
            if (reported is { } last && clock.GetElapsedTime(last) < TimeSpan.FromMilliseconds(500)) return;
            reported = clock.GetTimestamp();
            await video.ReportProgressAsync(percent);
        }, ct);
        foreach (var r in processed.Renditions)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(outDir, r.Name)).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                await media.PutFileAsync(MediaKeys.RenditionFile(id, r.Name, name), file, ContentTypes.Of(name), ct);
            }
        }
        for (var i = 0; i < processed.ThumbnailCount; i++)
        {
            await media.PutFileAsync(MediaKeys.Thumbnail(id, i), Path.Combine(outDir, "thumbnails", $"{i}.jpg"), ContentTypes.Jpeg, ct);
        }
        await media.PutFileAsync(MediaKeys.Master(id), Path.Combine(outDir, "master.m3u8"), ContentTypes.Playlist, ct);
        if (!await video.CompleteProcessingAsync(processed))
        {
            // Deleted while we worked: what we stored is nobody's.
            await media.DeletePrefixAsync(MediaKeys.HlsPrefix(id), CancellationToken.None);
            await media.DeletePrefixAsync(MediaKeys.ThumbnailPrefix(id), CancellationToken.None);
            await queue.CompleteAsync(id);
        }
    }

    private async Task RenewLeaseAsync(Guid videoId, string worker, CancellationTokenSource lease)
    {
        var every = Options.JobLease / 3;
        try
        {
            while (!lease.IsCancellationRequested)
            {
                await Task.Delay(every, lease.Token);
                if (!await queue.RenewAsync(videoId, worker, Options.JobLease, lease.Token)) await lease.CancelAsync();
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not renew the lease on {VideoId}", videoId);
        }
    }

    private string WorkRoot => Options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "socialflow-transcode");

    private async Task Quietly(Func<Task> action)
    {
        try { await action(); } catch (Exception e) { logger.LogWarning(e, "Could not release a transcoding job"); }
    }
}
