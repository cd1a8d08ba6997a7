using System.ComponentModel.DataAnnotations;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Videos;

/// <summary>Upload limits and transcoding settings (section SocialFlow:Videos); the upload settings the API host reads too are in the base.</summary>
public sealed class VideoOptions : VideoUploadOptions
{
    /// <summary>Total bytes of one user's videos (failed and deleted ones excluded).</summary>
    [Range(1, long.MaxValue)] public long QuotaBytesPerUser { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>An upload session expires this long after its last received chunk (tus Upload-Expires).</summary>
    public TimeSpan UploadLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Where the silo transcodes; default {DataDirectory}/transcode.</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>Transcoding jobs one silo runs at once (each ffmpeg uses <see cref="FfmpegThreads"/>).</summary>
    [Range(0, 64)] public int MaxConcurrentJobs { get; set; } = 1;

    [Range(1, 64)] public int FfmpegThreads { get; set; } = 1;

    /// <summary>A claimed job is taken again by any silo once its lease lapses (renewed while the job runs).</summary>
    public TimeSpan JobLease { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan JobPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(1, 100)] public int MaxJobAttempts { get; set; } = 3;

    /// <summary>The HLS ladder (heights); renditions above the source's height are skipped.</summary>
    [Required] public string LadderHeights { get; set; } = "240,360,480,720";

    [Range(1, 30)] public int SegmentSeconds { get; set; } = 4;

    /// <summary>Renditions this tall or taller play only for viewers whose platform plan has the hd_renditions perk (and
    /// for the video's owner); others get the ladder below it. 0: every rendition for everyone.</summary>
    [Range(0, 4320)] public int HdFromHeight { get; set; } = 720;

    [Range(1, 10)] public int ThumbnailCount { get; set; } = 3;

    /// <summary>Reads the source at its native frame rate (ffmpeg -re). For demos and the restart test only.</summary>
    public bool ReadInputAtNativeRate { get; set; }

    public int[] Heights() => LadderHeights.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(int.Parse).Where(h => h >= 16).Order().ToArray();
}
