using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Live.Ingest;
using SocialFlow.Grains.Tests.Infrastructure;
using SocialFlow.Grains.Videos;

namespace SocialFlow.Grains.Tests.Live;

/// <summary>A recording is one MPEG-TS part per encoder run; a restarted encoder's parts become one source (real ffmpeg).</summary>
public sealed class RecordingFilesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sf-recording-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task StoreAsSource_JoinsTheParts_AndWithoutPartsIsNull()
    {
        var (streamId, videoId) = (Guid.NewGuid(), Guid.NewGuid());
        var media = new LocalMediaStore(Path.Combine(_root, "media"));
        var files = new RecordingFiles(media, Options.Create(new LiveIngestOptions { MediaDirectory = Path.Combine(_root, "live") }));
        Assert.Null(await files.StoreAsSourceAsync(streamId, videoId));

        var dir = Directory.CreateDirectory(LiveMediaPaths.RecordingDirectory(Path.Combine(_root, "live"), streamId)).FullName;
        await PartAsync(Path.Combine(dir, "part-0000.ts"));
        await PartAsync(Path.Combine(dir, "part-0001.ts"));
        File.WriteAllBytes(Path.Combine(dir, "part-0002.ts"), []); // an encoder that died before its first packet

        var size = await files.StoreAsSourceAsync(streamId, videoId);
        Assert.Equal(size, await media.GetLengthAsync(MediaKeys.Source(videoId)));
        Assert.True(size > new FileInfo(Path.Combine(dir, "part-0000.ts")).Length, "both parts are in the source");

        files.Delete(streamId);
        Assert.False(Directory.Exists(LiveMediaPaths.StreamDirectory(Path.Combine(_root, "live"), streamId)));
    }

    private static Task PartAsync(string path) => MediaTools.FfmpegAsync(
        "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-f", "mpegts", path);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
