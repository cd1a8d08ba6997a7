using SocialFlow.Grains.Live.Ingest;

namespace SocialFlow.Grains.Tests.Live;

public sealed class LiveLadderTests
{
    private static readonly LiveIngestOptions Options = new() { LadderHeights = "360,720", SegmentSeconds = 2, PlaylistSegments = 6 };

    [Theory]
    [InlineData("audio\nvideo,1280,720\n", 1280, 720, true)]
    [InlineData("video,640,360", 640, 360, false)]
    public void ParseProbe_ReadsTheVideoSizeAndAudio(string output, int width, int height, bool audio) =>
        Assert.Equal(new LiveSource(width, height, audio), LiveLadder.ParseProbe(output));

    [Theory]
    [InlineData("audio\n")]
    [InlineData("video,N/A,N/A\naudio")]
    [InlineData("")]
    public void ParseProbe_WithoutASizedVideo_IsNull(string output) => Assert.Null(LiveLadder.ParseProbe(output));

    [Fact]
    public void Ladder_SkipsRungsAboveTheSource_AndASmallSourceGetsItsOwnSize()
    {
        Assert.Equal(["360p", "720p"], LiveLadder.For(new LiveSource(1920, 1080, true), Options).Select(r => r.Name));
        Assert.Equal(["360p"], LiveLadder.For(new LiveSource(854, 480, true), Options).Select(r => r.Name));
        Assert.Equal(["240p"], LiveLadder.For(new LiveSource(320, 240, true), Options).Select(r => r.Name));
    }

    [Fact]
    public void Arguments_OneHlsOutputPerRendition_AndTheRecordingIsACopy()
    {
        var source = new LiveSource(1280, 720, HasAudio: false);
        var args = LiveLadder.Arguments("rtmp://127.0.0.1/live/k", source, LiveLadder.For(source, Options), "/live/s/hls", "/live/s/recording/part-0000.ts", Options);
        Assert.Equal(2, args.Count(a => a == "hls"));
        Assert.Contains("/live/s/hls/720p/index.m3u8", args);
        Assert.Contains("/live/s/hls/360p/seg_%d.ts", args);
        Assert.DoesNotContain("0:a:0", args); // no audio published, none mapped
        Assert.Equal(["-c", "copy", "-f", "mpegts", "/live/s/recording/part-0000.ts"], args[^5..]);
    }

    [Theory]
    [InlineData("240p", "index.m3u8", true)]
    [InlineData("240p", "seg_1795698155.ts", true)]
    [InlineData("..", "index.m3u8", false)]
    [InlineData("240p", "../master.m3u8", false)]
    [InlineData("240p", "seg_1.ts.tmp", false)]
    [InlineData("recording", "part-0000.ts", false)]
    public void HlsFile_OnlyNamesTheEncoderMakes(string rendition, string file, bool allowed)
    {
        var path = LiveMediaPaths.HlsFile("/live", Guid.Empty, rendition, file);
        Assert.Equal(allowed, path is not null);
        if (path is not null) Assert.StartsWith("/live/00000000000000000000000000000000/hls/", path);
    }
}
