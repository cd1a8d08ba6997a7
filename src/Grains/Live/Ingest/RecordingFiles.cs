using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Videos;

namespace SocialFlow.Grains.Live.Ingest;

/// <summary>
/// A stream's recording on this host's disk (one MPEG-TS part per encoder run) and its way into the media store as a
/// video's source. Every step can be repeated: the parts stay until the stream's grain has the video.
/// </summary>
public sealed class RecordingFiles(IMediaStore media, IOptions<LiveIngestOptions> options)
{
    private string Root => options.Value.MediaDirectory!;

    /// <summary>Puts the recording in the media store as the video's source; its size, or null when this host has no recording of the stream.</summary>
    public async Task<long?> StoreAsSourceAsync(Guid streamId, Guid videoId, CancellationToken ct = default)
    {
        var dir = LiveMediaPaths.RecordingDirectory(Root, streamId);
        var parts = Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "part-*.ts").Where(f => new FileInfo(f).Length > 0).Order(StringComparer.Ordinal).ToList()
            : [];
        if (parts.Count == 0) return null;
        var file = parts.Count == 1 ? parts[0] : await JoinAsync(dir, parts, ct);
        await media.PutFileAsync(MediaKeys.Source(videoId), file, ContentTypes.Segment, ct);
        return new FileInfo(file).Length;
    }

    /// <summary>Once the video exists: the stream's local files are no longer needed.</summary>
    public void Delete(Guid streamId)
    {
        var dir = LiveMediaPaths.StreamDirectory(Root, streamId);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    /// <summary>Parts of a stream whose encoder was restarted, joined without re-encoding (ffmpeg's concat demuxer).</summary>
    private static async Task<string> JoinAsync(string dir, List<string> parts, CancellationToken ct)
    {
        var list = Path.Combine(dir, "parts.txt");
        await File.WriteAllLinesAsync(list, parts.Select(p => $"file '{Path.GetFileName(p)}'"), ct);
        var joined = Path.Combine(dir, "joined.ts");
        var (exit, _, error) = await FfmpegProcess.RunAsync("ffmpeg",
            ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0", "-i", list, "-c", "copy", "-f", "mpegts", joined], ct, TimeSpan.Zero);
        if (exit != 0) throw new InvalidOperationException($"Joining the recording's parts failed: {error}");
        return joined;
    }
}
