using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Infrastructure.Media;

public sealed class PostImageOptions
{
    public const string Section = "SocialFlow:PostImages";

    /// <summary>Largest accepted upload in bytes (the endpoint's body limit adds room for multipart framing).</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest accepted width × height, checked from the header before anything is decoded.</summary>
    [Range(1, 200_000_000)]
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>Largest accepted width or height.</summary>
    [Range(1, 65535)]
    public int MaxSide { get; set; } = 12_000;

    /// <summary>Where images are stored; defaults to {SocialFlow:DataDirectory}/media/post-images.</summary>
    public string? Directory { get; set; }

    [Required]
    public string FfmpegPath { get; set; } = "ffmpeg";

    [Required]
    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>A probe or re-encode that takes longer is killed and the image refused.</summary>
    public TimeSpan ProcessTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An uploaded image not attached to a post within this time is deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan UnattachedLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often each silo looks for such images.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
