using System.Text.RegularExpressions;

namespace SocialFlow.Grains.Interfaces.Media;

/// <summary>
/// A file the API host serves, named by what it is. Where it is kept (a media store key, a local path) is the
/// implementation's business, so no key or path layout leaks into the host.
/// </summary>
public abstract partial record MediaFile
{
    private MediaFile() { }

    /// <summary>A ready video's master playlist.</summary>
    public sealed record VideoMaster(Guid VideoId) : MediaFile;

    /// <summary>A rendition playlist or segment of a ready video, by the names the transcoder gave them.</summary>
    public sealed record VideoRenditionFile(Guid VideoId, string Rendition, string Name) : MediaFile;

    public sealed record VideoThumbnail(Guid VideoId, int Index) : MediaFile;

    /// <summary>A post image, by the storage key its media record holds.</summary>
    public sealed record PostImage(string StorageKey) : MediaFile;

    /// <summary>A live stream's HLS master playlist (no rendition), or a rendition's playlist or segment.</summary>
    public sealed record LiveHlsFile(Guid StreamId, string? Rendition, string Name) : MediaFile
    {
        public const string Master = "master.m3u8", Playlist = "index.m3u8";

        /// <summary>A rendition's file a request names, or null unless both names are ones the live encoder makes.</summary>
        public static LiveHlsFile? Of(Guid streamId, string rendition, string file) =>
            LiveRenditionName().IsMatch(rendition) && (file == Playlist || LiveSegmentName().IsMatch(file))
                ? new LiveHlsFile(streamId, rendition, file)
                : null;
    }

    [GeneratedRegex(@"^\d{2,4}p$")]
    private static partial Regex LiveRenditionName();

    [GeneratedRegex(@"^seg_\d{1,12}\.ts$")]
    private static partial Regex LiveSegmentName();
}
