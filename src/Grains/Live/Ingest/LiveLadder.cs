using System.Globalization;
using SocialFlow.Grains.Interfaces.Videos;
using SocialFlow.Grains.Videos.Transcoding;

namespace SocialFlow.Grains.Live.Ingest;

/// <summary>What the encoder's probe found in the published stream.</summary>
public sealed record LiveSource(int Width, int Height, bool HasAudio);

/// <summary>
/// The arguments of one live ffmpeg: pull the published stream once, encode every rendition of the ladder into a
/// rolling HLS playlist (segments numbered from the epoch second, so a restarted encoder continues upwards), and,
/// when recording, copy the source untouched into an MPEG-TS part (playable even if ffmpeg is killed).
/// </summary>
public static class LiveLadder
{
    public static IReadOnlyList<Rendition> For(LiveSource source, LiveIngestOptions options) =>
        RenditionLadder.For(source.Width, source.Height, options.Heights());

    public static List<string> Arguments(string pullUrl, LiveSource source, IReadOnlyList<Rendition> renditions, string hlsDir,
        string? recordingPart, LiveIngestOptions o)
    {
        var args = new List<string> { "-hide_banner", "-nostdin", "-loglevel", "error", "-nostats", "-rw_timeout", "10000000", "-i", pullUrl };
        var split = string.Concat(renditions.Select((_, i) => $"[s{i}]"));
        var scales = string.Join(';', renditions.Select((r, i) => $"[s{i}]scale={r.Width}:{r.Height}[v{i}]"));
        args.AddRange(["-filter_complex", $"[0:v]split={renditions.Count}{split};{scales}"]);
        var seg = o.SegmentSeconds.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < renditions.Count; i++)
        {
            var r = renditions[i];
            var k = r.BitrateKbps;
            var dir = Path.Combine(hlsDir, r.Name);
            args.AddRange(["-map", $"[v{i}]"]);
            args.AddRange(source.HasAudio ? ["-map", "0:a:0", "-c:a", "aac", "-b:a", "96k", "-ac", "2"] : ["-an"]);
            args.AddRange(["-c:v", "libx264", "-preset", o.Preset, "-tune", "zerolatency", "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-b:v", $"{k}k", "-maxrate", $"{k * 6 / 5}k", "-bufsize", $"{k * 2}k",
                "-force_key_frames", $"expr:gte(t,n_forced*{seg})", "-sc_threshold", "0", "-threads", o.FfmpegThreads.ToString(CultureInfo.InvariantCulture),
                "-f", "hls", "-hls_time", seg, "-hls_list_size", o.PlaylistSegments.ToString(CultureInfo.InvariantCulture),
                "-hls_flags", "delete_segments+independent_segments", "-hls_start_number_source", "epoch",
                "-hls_segment_filename", Path.Combine(dir, LiveMediaPaths.SegmentPattern), Path.Combine(dir, LiveMediaPaths.Playlist)]);
        }
        if (recordingPart is not null)
        {
            args.AddRange(["-map", "0:v:0"]);
            if (source.HasAudio) args.AddRange(["-map", "0:a:0"]);
            args.AddRange(["-c", "copy", "-f", "mpegts", recordingPart]);
        }
        return args;
    }

    /// <summary>ffprobe of the published stream: the first video stream's size and whether there is audio.</summary>
    public static List<string> ProbeArguments(string pullUrl) =>
        ["-v", "error", "-rw_timeout", "10000000", "-analyzeduration", "3000000", "-show_entries", "stream=codec_type,width,height",
            "-of", "csv=p=0", pullUrl];

    /// <summary>Parses ffprobe's csv lines ("video,320,240", "audio"); null without a sized video stream.</summary>
    public static LiveSource? ParseProbe(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var video = lines.Select(l => l.Split(',')).FirstOrDefault(f => f is ["video", _, _, ..]);
        if (video is null || !int.TryParse(video[1], out var w) || !int.TryParse(video[2], out var h) || w <= 0 || h <= 0) return null;
        return new LiveSource(w, h, lines.Any(l => l.StartsWith("audio", StringComparison.Ordinal)));
    }

    public static string MasterPlaylist(IReadOnlyList<Rendition> renditions, bool hasAudio) => VideoTranscoder.MasterPlaylist(renditions, hasAudio);
}
