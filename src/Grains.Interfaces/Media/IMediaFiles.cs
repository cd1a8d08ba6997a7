namespace SocialFlow.Grains.Interfaces.Media;

/// <summary>
/// The media files the API host streams to clients itself, since file bytes do not belong in grain calls: a ready
/// video's HLS files and thumbnails, post images, and the HLS a live encoder is writing (uploads: IStagedUploads). Implemented in Grains over the media store (local disk or S3) and the local
/// directory of live streams. Not a grain: a service in the API host's process.
/// </summary>
public interface IMediaFiles
{
    /// <summary>The file's length in bytes, or null when there is no such file.</summary>
    Task<long?> GetLengthAsync(MediaFile file, CancellationToken ct = default);

    /// <summary>Reads <paramref name="length"/> bytes (or to the end) from <paramref name="offset"/>; null when missing.</summary>
    Task<Stream?> OpenReadAsync(MediaFile file, long offset = 0, long? length = null, CancellationToken ct = default);
}
