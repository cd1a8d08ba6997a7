namespace SocialFlow.Grains.Infrastructure.Media;

/// <summary>
/// Where media files live: a local directory or an S3 bucket. Keys are made by the server (see Videos.MediaKeys),
/// never taken from a client. Writes are durable when they return.
/// </summary>
public interface IMediaStore
{
    Task PutAsync(string key, Stream content, string contentType, CancellationToken ct = default);

    Task PutFileAsync(string key, string path, string contentType, CancellationToken ct = default);

    /// <summary>The object's length in bytes, or null when there is no such object.</summary>
    Task<long?> GetLengthAsync(string key, CancellationToken ct = default);

    /// <summary>Reads <paramref name="length"/> bytes (or to the end) from <paramref name="offset"/>; null when missing.</summary>
    Task<Stream?> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken ct = default);

    /// <summary>Deletes the object (nothing when there is none).</summary>
    Task DeleteAsync(string key, CancellationToken ct = default);

    /// <summary>Deletes every object whose key starts with the prefix.</summary>
    Task DeletePrefixAsync(string prefix, CancellationToken ct = default);

    /// <summary>Every object whose key starts with the prefix ("" for all), in no promised order.</summary>
    IAsyncEnumerable<MediaObject> ListAsync(string prefix, CancellationToken ct = default);
}

public sealed record MediaObject(string Key, long Length, DateTimeOffset LastModified);

public static class MediaKeyRules
{
    /// <summary>Server-made keys only: relative, '/'-separated, no empty, dot or dot-dot segment.</summary>
    public static string Check(string key)
    {
        if (key.Length is 0 or > 1024 || key.StartsWith('/') || key.Contains('\\') || key.Contains('\0')
            || key.TrimEnd('/').Split('/').Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException($"'{key}' is not a valid media key.", nameof(key));
        }
        return key;
    }
}
