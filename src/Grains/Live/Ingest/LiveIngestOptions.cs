using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Live.Ingest;

/// <summary>The silo's side of live ingest (section SocialFlow:Live, shared with the API host's publisher settings).</summary>
public sealed class LiveIngestOptions
{
    public const string Section = "SocialFlow:Live";

    /// <summary>The RTMP application publishers publish to; the encoder pulls `{RtmpUrl}/{key}` unless <see cref="PullUrl"/> is set.</summary>
    [Required] public string RtmpUrl { get; set; } = "rtmp://127.0.0.1:1935/live";

    /// <summary>Where this silo pulls published streams from, when it is not <see cref="RtmpUrl"/> (e.g. a private address).</summary>
    public string? PullUrl { get; set; }

    /// <summary>nginx-rtmp's control location (`rtmp_control all`), e.g. http://127.0.0.1:1936/control: ending a stream drops its publisher there.</summary>
    public string? ControlUrl { get; set; }

    /// <summary>Live HLS and recordings, one directory per stream id; default {DataDirectory}/live. The API host serves HLS from it.</summary>
    public string? MediaDirectory { get; set; }

    /// <summary>The live ladder (heights); rungs above the source's height are skipped, a smaller source gets one rendition.</summary>
    [Required] public string LadderHeights { get; set; } = "360,720";

    [Range(1, 10)] public int SegmentSeconds { get; set; } = 2;

    /// <summary>Segments kept in each rolling playlist (older ones are deleted from disk).</summary>
    [Range(2, 60)] public int PlaylistSegments { get; set; } = 6;

    /// <summary>x264 preset of the live ladder: it must keep up in real time.</summary>
    [Required] public string Preset { get; set; } = "veryfast";

    [Range(0, 64)] public int FfmpegThreads { get; set; } = 2;

    /// <summary>How long the encoder waits for the published stream's first frames before it tries again.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a stopped encoder may take to finish its files before it is killed.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public string PullBase => (PullUrl ?? RtmpUrl).TrimEnd('/');

    public int[] Heights() => LadderHeights.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(int.Parse).Where(h => h >= 16).Order().ToArray();
}
