using Microsoft.Extensions.Options;
using SocialFlow.Grains.Tests.Infrastructure;
using SocialFlow.Grains.Videos;
using SocialFlow.Grains.Videos.Transcoding;

namespace SocialFlow.Grains.Tests.Videos;

/// <summary>The transcoder against real ffmpeg, on sources that are awkward the way live recordings are.</summary>
public sealed class VideoTranscoderTests : IDisposable
{
    private readonly string _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "sf-transcode-" + Guid.NewGuid().ToString("N"))).FullName;

    [Fact]
    public async Task AShortRecordingWithOneKeyFrameAndLateTimestamps_GetsEveryThumbnail()
    {
        // Like a 2 s live recording: MPEG-TS (no index), one GOP, timestamps starting seconds after 0, audio longer than video.
        var source = Path.Combine(_root, "recording.ts");
        await MediaTools.FfmpegAsync("-f", "lavfi", "-i", "testsrc=size=320x240:rate=30:duration=1.2", "-f", "lavfi", "-i", "sine=duration=2.5",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "300", "-c:a", "aac", "-output_ts_offset", "5", "-f", "mpegts", source);
        var options = new VideoOptions { LadderHeights = "240", ThumbnailCount = 3 };
        var probe = await VideoTranscoder.ProbeAsync(source, CancellationToken.None);
        Assert.Null(probe.Problem);

        var media = await new VideoTranscoder(Options.Create(options)).TranscodeAsync(source, probe, Path.Combine(_root, "out"), _ => Task.CompletedTask, CancellationToken.None);

        Assert.Equal(3, media.ThumbnailCount);
        for (var i = 0; i < 3; i++)
        {
            var thumbnail = new FileInfo(Path.Combine(_root, "out", "thumbnails", $"{i}.jpg"));
            Assert.True(thumbnail.Exists && thumbnail.Length > 0, $"thumbnail {i} was written");
        }
    }


    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
