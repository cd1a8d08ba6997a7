using SocialFlow.Grains.Live.Ingest;
using SocialFlow.Grains.Tests.Infrastructure;

namespace SocialFlow.Grains.Tests.Live;

/// <summary>Stopping a live encoder against real ffmpeg: what it has encoded is written, not lost with the process.</summary>
public sealed class FfmpegProcessTests : IDisposable
{
    private readonly string _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "sf-ffmpeg-" + Guid.NewGuid().ToString("N"))).FullName;

    [Fact]
    public async Task AnEncoderStillBufferingWhenItsGraceEnds_WritesWhatItHasEncoded()
    {
        // A real-time source that never ends and an encoder whose look-ahead holds the first second or more of frames:
        // killed outright, the output file is empty (seen before SIGTERM came first).
        var output = Path.Combine(_root, "part-0000.ts");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        var (exit, _, error) = await FfmpegProcess.RunAsync("ffmpeg",
            ["-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
             "-c:v", "libx264", "-preset", "slow", "-f", "mpegts", "-y", output], stop.Token, TimeSpan.FromMilliseconds(100));

        Assert.True(new FileInfo(output).Length > 0, $"the encoded frames were written (exit {exit}: {error})");
        Assert.True(await MediaTools.DurationAsync(output) > 0.2, "the file holds video");
    }


    public void Dispose() => Directory.Delete(_root, recursive: true);
}
