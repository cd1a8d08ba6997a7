using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Media;

namespace SocialFlow.Grains.Live.Ingest;

/// <summary>
/// This silo's live encoders, one per live stream, controlled by the stream's grain. An encoder probes the published
/// stream, then runs the ladder's ffmpeg until it is stopped; if ffmpeg dies while the stream is live it is started
/// again. It runs as a plain process (not FFMpegCore) because it must be stopped from outside at any moment.
/// The stream key is in the pull URL: it is never logged. When live HLS goes through the media store (S3), the
/// stream's <see cref="LiveHlsUpload"/> copies it there while it is made, and its objects go when the encoder stops.
/// </summary>
public sealed class LiveEncoder(IOptions<LiveIngestOptions> options, IOptions<MediaOptions> media, IMediaStore store, TimeProvider clock,
    ILogger<LiveEncoder> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ConcurrentDictionary<Guid, Encoding> _encoders = new();
    private LiveIngestOptions Options => options.Value;

    public string MediaRoot => Options.MediaDirectory!;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LiveEncoder), ServiceLifecycleStage.Active, _ => Task.CompletedTask, StopAllAsync);

    public bool IsRunning(Guid streamId) => _encoders.ContainsKey(streamId);

    /// <summary>Starts encoding the stream published with this key (returns at once; no-op if it already runs here).</summary>
    public void Start(Guid streamId, string streamKey, bool record)
    {
        var encoding = new Encoding(streamId, $"{Options.PullBase}/{streamKey}", streamKey, record);
        if (!_encoders.TryAdd(streamId, encoding)) return;
        var hls = Directory.CreateDirectory(LiveMediaPaths.HlsDirectory(MediaRoot, streamId)).FullName;
        encoding.Loop = Task.Run(() => SuperviseAsync(encoding));
        if (media.Value.LiveHlsInStore) encoding.Upload = Task.Run(() => new LiveHlsUpload(store, streamId, hls, logger).RunAsync(encoding.Stopping.Token));
    }

    /// <summary>
    /// Stops the encoder (it finishes its files if its input has ended, else it is killed) and removes the live HLS,
    /// from the store too (also when another silo encoded it: this one may be where the stream's grain moved).
    /// </summary>
    public async Task StopAsync(Guid streamId)
    {
        if (_encoders.TryRemove(streamId, out var encoding))
        {
            await encoding.Stopping.CancelAsync();
            await encoding.Loop;
            await encoding.Upload;
        }
        if (media.Value.LiveHlsInStore) await DeleteStoredQuietlyAsync(streamId);
        DeleteQuietly(LiveMediaPaths.HlsDirectory(MediaRoot, streamId));
        var streamDir = LiveMediaPaths.StreamDirectory(MediaRoot, streamId);
        if (Directory.Exists(streamDir) && !Directory.EnumerateFileSystemEntries(streamDir).Any()) DeleteQuietly(streamDir); // no recording left
    }

    private async Task StopAllAsync(CancellationToken ct) => await Task.WhenAll(_encoders.Keys.Select(StopAsync)).WaitAsync(ct);

    /// <summary>Probe, encode, and again after a failure: 0.5 s later, doubling up to 30 s while nothing could be encoded.</summary>
    private async Task SuperviseAsync(Encoding e)
    {
        var ct = e.Stopping.Token;
        var delay = MinDelay;
        while (!ct.IsCancellationRequested)
        {
            var started = clock.GetTimestamp();
            try
            {
                var source = await ProbeAsync(e, ct);
                if (source is not null) await EncodeAsync(e, source, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning("Live encoder of stream {StreamId} failed: {Error}", e.StreamId, e.Redact(ex.Message));
            }
            if (ct.IsCancellationRequested) break;
            if (clock.GetElapsedTime(started) > TimeSpan.FromMinutes(1)) delay = MinDelay; // it encoded for a while: try again soon
            try { await Task.Delay(delay, ct); } catch (OperationCanceledException) { }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }

    private static readonly TimeSpan MinDelay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(30);

    private async Task<LiveSource?> ProbeAsync(Encoding e, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Options.ProbeTimeout);
        var (exit, output, error) = await FfmpegProcess.RunAsync("ffprobe", LiveLadder.ProbeArguments(e.PullUrl), timeout.Token, TimeSpan.Zero);
        if (ct.IsCancellationRequested) return null;
        var source = exit == 0 ? LiveLadder.ParseProbe(output) : null;
        // Normal for a moment: the pull may come before nginx has the publish (it then answers "No such stream").
        if (source is null) logger.LogInformation("No video in live stream {StreamId} yet (ffprobe exit {Exit}: {Error})", e.StreamId, exit, e.Redact(error));
        return source;
    }

    private async Task EncodeAsync(Encoding e, LiveSource source, CancellationToken ct)
    {
        var renditions = LiveLadder.For(source, Options);
        var hls = LiveMediaPaths.HlsDirectory(MediaRoot, e.StreamId);
        foreach (var r in renditions) Directory.CreateDirectory(Path.Combine(hls, r.Name));
        var master = Path.Combine(hls, LiveMediaPaths.Master);
        await File.WriteAllTextAsync(master + ".tmp", LiveLadder.MasterPlaylist(renditions, source.HasAudio), CancellationToken.None);
        File.Move(master + ".tmp", master, overwrite: true);
        string? part = null;
        if (e.Record)
        {
            var dir = Directory.CreateDirectory(LiveMediaPaths.RecordingDirectory(MediaRoot, e.StreamId)).FullName;
            part = Path.Combine(dir, $"part-{Directory.EnumerateFiles(dir, "part-*.ts").Count():D4}.ts");
        }
        var args = LiveLadder.Arguments(e.PullUrl, source, renditions, hls, part, Options);
        var (exit, _, error) = await FfmpegProcess.RunAsync("ffmpeg", args, ct, Options.StopTimeout);
        if (!ct.IsCancellationRequested)
        {
            // Exit 0: its input ended (the publisher left; its stream is about to end). Anything else is a failure.
            logger.Log(exit == 0 ? LogLevel.Information : LogLevel.Warning, "Live encoder of stream {StreamId} exited ({Exit}: {Error}); starting it again",
                e.StreamId, exit, e.Redact(error));
        }
    }

    private async Task DeleteStoredQuietlyAsync(Guid streamId)
    {
        try
        {
            await store.DeletePrefixAsync(LiveMediaPaths.HlsKeyPrefix(streamId));
        }
        catch (Exception ex)
        {
            // Nothing serves it once the stream has ended; the objects only take space.
            logger.LogWarning("Could not remove the live HLS of stream {StreamId} from the media store: {Error}", streamId, ex.Message);
        }
    }

    private void DeleteQuietly(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not remove live files {Directory}: {Error}", dir, ex.Message);
        }
    }

    private sealed class Encoding(Guid streamId, string pullUrl, string key, bool record)
    {
        public Guid StreamId => streamId;
        public string PullUrl => pullUrl;
        public bool Record => record;
        public CancellationTokenSource Stopping { get; } = new();
        public Task Loop { get; set; } = Task.CompletedTask;
        public Task Upload { get; set; } = Task.CompletedTask;

        public string Redact(string text) => text.Replace(key, "<key>", StringComparison.Ordinal);
    }
}
