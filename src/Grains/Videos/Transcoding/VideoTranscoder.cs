using System.Globalization;
using System.Text;
using FFMpegCore;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Videos.Transcoding;

/// <summary>What ffprobe found: the display size and duration, or why the file is not a video we can play.</summary>
public sealed record ProbeResult(int Width, int Height, double DurationSeconds, bool HasAudio, string? Problem);

/// <summary>Runs ffprobe and ffmpeg (FFMpegCore): probe, an HLS ladder, thumbnails. Each ffmpeg uses the configured threads.</summary>
public sealed class VideoTranscoder(IOptions<VideoOptions> options)
{
    private VideoOptions Options => options.Value;

    public static async Task<ProbeResult> ProbeAsync(string path, CancellationToken ct)
    {
        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(path, cancellationToken: ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ProbeResult(0, 0, 0, false, "The file is not a video that ffprobe can read (unknown or corrupt container).");
        }
        if (analysis.PrimaryVideoStream is not { } video) return new ProbeResult(0, 0, 0, false, "The file has no video stream.");
        var (w, h) = Math.Abs(video.Rotation) % 180 == 90 ? (video.Height ?? 0, video.Width ?? 0) : (video.Width ?? 0, video.Height ?? 0);
        var duration = analysis.Duration > TimeSpan.Zero ? analysis.Duration : video.Duration;
        if (w <= 0 || h <= 0) return new ProbeResult(0, 0, 0, false, "The video stream has no frame size.");
        if (duration <= TimeSpan.Zero) return new ProbeResult(w, h, 0, false, "The video has no playable duration.");
        return new ProbeResult(w, h, duration.TotalSeconds, analysis.PrimaryAudioStream is not null, null);
    }

    /// <summary>Writes {outDir}/{rendition}/index.m3u8 + segments, {outDir}/master.m3u8 and {outDir}/thumbnails/{i}.jpg.</summary>
    public async Task<ProcessedMedia> TranscodeAsync(string source, ProbeResult probe, string outDir, Func<int, Task> progress, CancellationToken ct)
    {
        var renditions = RenditionLadder.For(probe.Width, probe.Height, Options.Heights());
        var steps = renditions.Count + 1;
        var total = TimeSpan.FromSeconds(probe.DurationSeconds);
        for (var i = 0; i < renditions.Count; i++)
        {
            var r = renditions[i];
            var dir = Directory.CreateDirectory(Path.Combine(outDir, r.Name)).FullName;
            var step = i;
            await FFMpegArguments.FromFileInput(source, true, o => { if (Options.ReadInputAtNativeRate) o.WithCustomArgument("-re"); })
                .OutputToFile(Path.Combine(dir, "index.m3u8"), true, o => o.WithCustomArgument(HlsArguments(r, dir, probe.HasAudio)))
                .NotifyOnPercentageProgress(p => _ = progress((int)((step + p / 100) * 100 / steps)), total)
                .CancellableThrough(ct)
                .ProcessAsynchronously();
            ct.ThrowIfCancellationRequested();
        }
        var thumbnails = Directory.CreateDirectory(Path.Combine(outDir, "thumbnails")).FullName;
        var top = renditions[^1];
        for (var i = 0; i < Options.ThumbnailCount; i++)
        {
            var at = probe.DurationSeconds * (i + 0.5) / Options.ThumbnailCount;
            await TakeThumbnailAsync(source, at, Path.Combine(thumbnails, $"{i}.jpg"), top, ct);
        }
        await File.WriteAllTextAsync(Path.Combine(outDir, "master.m3u8"), MasterPlaylist(renditions, probe.HasAudio), ct);
        await progress(99);
        return new ProcessedMedia(probe.DurationSeconds, probe.Width, probe.Height, renditions, Options.ThumbnailCount);
    }

    /// <summary>
    /// One frame at about <paramref name="at"/> seconds. Seeking before the input is fast but lands mid-GOP in an MPEG-TS
    /// without index (a live recording), where ffmpeg then writes nothing and still exits 0; so it falls back to decoding
    /// from the start, then to the first frame, and fails clearly when there is no frame at all.
    /// </summary>
    private async Task TakeThumbnailAsync(string source, double at, string path, Rendition size, CancellationToken ct)
    {
        var seconds = at.ToString("0.###", CultureInfo.InvariantCulture);
        var frame = $"-frames:v 1 -vf scale={size.Width}:{size.Height} -q:v 4 -threads {Options.FfmpegThreads}";
        (string Input, string Output)[] seeks = [($"-ss {seconds}", ""), ("", $"-ss {seconds} "), ("", "")];
        foreach (var seek in seeks)
        {
            if (File.Exists(path)) return;
            await FFMpegArguments.FromFileInput(source, true, o => o.WithCustomArgument(seek.Input))
                .OutputToFile(path, true, o => o.WithCustomArgument(seek.Output + frame))
                .CancellableThrough(ct)
                .ProcessAsynchronously();
            ct.ThrowIfCancellationRequested();
        }
        if (!File.Exists(path)) throw new InvalidOperationException($"ffmpeg wrote no thumbnail frame for {Path.GetFileName(path)} (at {seconds} s): the video has no decodable frame.");
    }

    private string HlsArguments(Rendition r, string dir, bool hasAudio)
    {
        var k = r.BitrateKbps;
        var seg = Options.SegmentSeconds;
        var audio = hasAudio ? "-map 0:a:0 -c:a aac -b:a 96k -ac 2" : "-an";
        return string.Join(' ',
            $"-map 0:v:0 {audio} -vf scale={r.Width}:{r.Height} -c:v libx264 -preset veryfast -profile:v main -pix_fmt yuv420p",
            $"-b:v {k}k -maxrate {k * 6 / 5}k -bufsize {k * 2}k -force_key_frames expr:gte(t,n_forced*{seg}) -sc_threshold 0",
            $"-threads {Options.FfmpegThreads} -f hls -hls_time {seg} -hls_playlist_type vod",
            $"-hls_segment_filename \"{Path.Combine(dir, "seg_%04d.ts")}\"");
    }

    public static string MasterPlaylist(IReadOnlyList<Rendition> renditions, bool hasAudio)
    {
        var m3u8 = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n");
        foreach (var r in renditions)
        {
            var bandwidth = (r.BitrateKbps * 6 / 5 + (hasAudio ? 96 : 0)) * 1000;
            m3u8.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={bandwidth},RESOLUTION={r.Width}x{r.Height}\n{r.Name}/index.m3u8\n");
        }
        return m3u8.ToString();
    }
}
