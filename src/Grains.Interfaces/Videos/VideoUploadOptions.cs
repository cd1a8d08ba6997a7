using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Interfaces.Videos;

/// <summary>
/// What the API host reads of the videos settings (section SocialFlow:Videos) to take tus uploads: the size limit it
/// announces and enforces, and where it stages partial uploads. The silo's VideoOptions extend it.
/// </summary>
public class VideoUploadOptions
{
    public const string Section = "SocialFlow:Videos";

    /// <summary>Largest accepted upload (tus Tus-Max-Size); also the body limit of a tus PATCH.</summary>
    [Range(1, long.MaxValue)] public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>The API host's scratch for a PATCH's body and for joining a finished upload (the chunks are in the media store); default {DataDirectory}/uploads.</summary>
    public string? UploadDirectory { get; set; }

    /// <summary>How often the API host looks for expired upload sessions and stale staged chunks.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);
}
