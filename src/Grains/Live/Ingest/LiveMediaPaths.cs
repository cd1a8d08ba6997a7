using SocialFlow.Grains.Interfaces.Media;

namespace SocialFlow.Grains.Live.Ingest;

/// <summary>
/// The files of a live stream under the live media directory, named by the stream id (never by its key):
/// {id}/hls/master.m3u8, {id}/hls/{rendition}/index.m3u8 and seg_{n}.ts, {id}/recording/part-{n}.ts; and the
/// media store's keys of the live HLS when it goes through the store: live/{id}/hls/ and the same names below.
/// </summary>
public static class LiveMediaPaths
{
    public const string Master = MediaFile.LiveHlsFile.Master, Playlist = MediaFile.LiveHlsFile.Playlist;

    public static string StreamDirectory(string root, Guid id) => Path.Combine(root, id.ToString("N"));

    public static string HlsDirectory(string root, Guid id) => Path.Combine(StreamDirectory(root, id), "hls");

    public static string RecordingDirectory(string root, Guid id) => Path.Combine(StreamDirectory(root, id), "recording");

    /// <summary>The file a request names, or null unless both names are ones the encoder makes (no path can escape).</summary>
    public static string? HlsFile(string root, Guid id, string rendition, string file) =>
        MediaFile.LiveHlsFile.Of(id, rendition, file) is not null ? Path.Combine(HlsDirectory(root, id), rendition, file) : null;

    public static string HlsKeyPrefix(Guid id) => $"live/{id:N}/hls/";

    public static string HlsKey(Guid id, string? rendition, string file) =>
        rendition is null ? HlsKeyPrefix(id) + file : $"{HlsKeyPrefix(id)}{rendition}/{file}";

    public static string SegmentPattern => "seg_%d.ts";
}
