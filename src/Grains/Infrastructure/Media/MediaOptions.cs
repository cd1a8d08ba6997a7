using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Infrastructure.Media;

public enum MediaProvider { Local, S3 }

/// <summary>The media store (section SocialFlow:Media): a local directory by default, or S3.</summary>
public sealed class MediaOptions : IValidatableObject
{
    public const string Section = "SocialFlow:Media";

    public MediaProvider Provider { get; set; } = MediaProvider.Local;

    /// <summary>Local store root; default {DataDirectory}/media.</summary>
    public string? LocalDirectory { get; set; }

    public S3MediaOptions S3 { get; set; } = new();

    /// <summary>
    /// Live HLS goes through the store when it is S3 (a cluster: the encoding silo uploads, any API host serves);
    /// with the local store it stays in the live media directory, where ffmpeg writes it (one node, no copy).
    /// </summary>
    public bool LiveHlsInStore => Provider == MediaProvider.S3;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Provider != MediaProvider.S3) yield break;
        if (string.IsNullOrWhiteSpace(S3.Bucket)) yield return new ValidationResult("SocialFlow:Media:S3:Bucket is required when Provider is S3.", ["S3:Bucket"]);
        if (string.IsNullOrWhiteSpace(S3.AccessKey) != string.IsNullOrWhiteSpace(S3.SecretKey))
        {
            yield return new ValidationResult("SocialFlow:Media:S3:AccessKey and SecretKey go together.", ["S3:AccessKey"]);
        }
    }
}

public sealed class S3MediaOptions
{
    /// <summary>An S3-compatible endpoint (e.g. http://127.0.0.1:4569); empty for AWS itself, by <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string Bucket { get; set; } = "";

    /// <summary>Static credentials; empty to use the SDK's default chain (environment, instance role). Secret.</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Path-style addressing (needed by most S3-compatible servers).</summary>
    public bool ForcePathStyle { get; set; } = true;
}
