using System.ComponentModel.DataAnnotations;
using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.Grains.Infrastructure.Media;

/// <summary>
/// Post image limits (section SocialFlow:PostImages); the upload limit the API host reads too is in the base. The
/// images themselves are in the media store (see Posts.PostImageKeys).
/// </summary>
public sealed class PostImageOptions : PostImageUploadOptions
{
    /// <summary>Largest accepted width × height, checked from the header before anything is decoded.</summary>
    [Range(1, 200_000_000)]
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>Largest accepted width or height.</summary>
    [Range(1, 65535)]
    public int MaxSide { get; set; } = 12_000;

    /// <summary>Where uploads are decoded and re-encoded before they go to the store; default {DataDirectory}/scratch/post-images.</summary>
    public string? ScratchDirectory { get; set; }

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
