using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Live.Ingest;
using SocialFlow.Grains.Posts;
using SocialFlow.Grains.Videos;

namespace SocialFlow.Grains.Infrastructure.Media;

/// <summary>
/// The API host's way to the media files: videos' files and post images in the media store (local or S3); live HLS
/// in the store too when it is S3 (the encoding silo uploads it), else in the live encoders' directory (opened, not
/// checked then opened: the encoder deletes old segments at any moment).
/// </summary>
public sealed class MediaFiles(IMediaStore media, IOptions<MediaOptions> store, IOptions<LiveIngestOptions> live) : IMediaFiles
{
    public async Task<long?> GetLengthAsync(MediaFile file, CancellationToken ct = default)
    {
        if (StoreKey(file) is { } key) return await media.GetLengthAsync(key, ct);
        await using var stream = await OpenReadAsync(file, ct: ct);
        return stream?.Length;
    }

    public Task<Stream?> OpenReadAsync(MediaFile file, long offset = 0, long? length = null, CancellationToken ct = default)
    {
        if (StoreKey(file) is { } key)
        {
            return file is MediaFile.LiveHlsFile { Name: var name } && name.EndsWith(".m3u8", StringComparison.Ordinal)
                ? ReadLivePlaylistAsync(key, ct)
                : media.OpenReadAsync(key, offset, length, ct);
        }
        if (file is not MediaFile.LiveHlsFile hls) throw new ArgumentOutOfRangeException(nameof(file), file, "Not a file the API host serves.");
        Stream? stream = OpenLive(hls);
        if (stream is not null && (offset > 0 || length is not null))
        {
            stream.Dispose();
            throw new NotSupportedException("Ranges of local files are served by the caller (the stream is seekable).");
        }
        return Task.FromResult(stream);
    }

    /// <summary>
    /// A live playlist is overwritten every segment. S3 replaces an object at once, but s3rver (the stand-in) writes it
    /// in place, so a read racing the write can end short or fail the SDK's checksum: playlists are small, so one is
    /// read whole, and again after such a failure.
    /// </summary>
    private async Task<Stream?> ReadLivePlaylistAsync(string key, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var stream = await media.OpenReadAsync(key, ct: ct);
                if (stream is null) return null;
                var copy = new MemoryStream();
                await stream.CopyToAsync(copy, ct);
                copy.Position = 0;
                return copy;
            }
            catch (Exception e) when (attempt < 4 && e is not OperationCanceledException)
            {
                await Task.Delay(10 * attempt, ct);
            }
        }
    }

    private string? StoreKey(MediaFile file) => file switch
    {
        MediaFile.LiveHlsFile hls when store.Value.LiveHlsInStore => LiveMediaPaths.HlsKey(hls.StreamId, hls.Rendition, hls.Name),
        MediaFile.VideoMaster v => MediaKeys.Master(v.VideoId),
        MediaFile.VideoRenditionFile r => MediaKeys.RenditionFile(r.VideoId, r.Rendition, r.Name),
        MediaFile.VideoThumbnail t => MediaKeys.Thumbnail(t.VideoId, t.Index),
        MediaFile.PostImage image => PostImageKeys.InStore(image.StorageKey),
        _ => null,
    };

    private FileStream? OpenLive(MediaFile.LiveHlsFile hls)
    {
        var root = live.Value.MediaDirectory!;
        var path = hls.Rendition is null
            ? Path.Combine(LiveMediaPaths.HlsDirectory(root, hls.StreamId), LiveMediaPaths.Master)
            : LiveMediaPaths.HlsFile(root, hls.StreamId, hls.Rendition, hls.Name);
        if (path is null) return null;
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
