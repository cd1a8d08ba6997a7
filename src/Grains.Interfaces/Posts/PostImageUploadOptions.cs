using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Interfaces.Posts;

/// <summary>
/// What the API host reads of the post image settings (section SocialFlow:PostImages): the largest upload it buffers
/// before handing the image to the grain. The silo's PostImageOptions extend it.
/// </summary>
public class PostImageUploadOptions
{
    public const string Section = "SocialFlow:PostImages";

    /// <summary>Largest accepted upload in bytes (the endpoint's body limit adds room for multipart framing).</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;
}
