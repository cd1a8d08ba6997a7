using System.Diagnostics;

namespace SocialFlow.ApiHost.Tests.Videos;

/// <summary>Tiny clips made once per test run with ffmpeg's lavfi sources (test pattern + sine tone).</summary>
public static class TestClips
{
    private static readonly Lazy<Task<byte[]>> Small = new(() => MakeAsync("testsrc=size=320x240:rate=15", 2));

    /// <summary>320x240, 15 fps, 2 s, H.264 + AAC in MP4 (a few tens of KB).</summary>
    public static Task<byte[]> Mp4320x240Async() => Small.Value;

    /// <summary>Starts like an MP4 (an ftyp box) and is random bytes after: passes the sniffer, fails ffprobe.</summary>
    public static byte[] PlausibleGarbage(int size = 40_000)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        byte[] head = [0, 0, 0, 0x18, .. "ftypisom"u8, 0, 0, 2, 0, .. "isomiso2"u8];
        head.CopyTo(bytes, 0);
        return bytes;
    }

    public static async Task<byte[]> MakeAsync(string videoSource, int seconds)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sf-clip-{Guid.NewGuid():N}.mp4");
        var args = $"-hide_banner -loglevel error -f lavfi -i {videoSource} -f lavfi -i sine=frequency=440:sample_rate=22050 " +
                   $"-t {seconds} -c:v libx264 -preset ultrafast -pix_fmt yuv420p -threads 1 -c:a aac -b:a 48k -shortest -y {path}";
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", args) { RedirectStandardError = true })!;
        var error = await ffmpeg.StandardError.ReadToEndAsync();
        await ffmpeg.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (ffmpeg.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {error}");
        try { return await File.ReadAllBytesAsync(path); } finally { File.Delete(path); }
    }
}
