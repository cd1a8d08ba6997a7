using System.Diagnostics;

namespace SocialFlow.ApiHost.Tests.Live;

/// <summary>ffmpeg publishing a generated stream (lavfi test pattern + sine, x264 ultrafast, 1 s GOP) to an RTMP URL, as OBS would.</summary>
public sealed class TestPublisher : IAsyncDisposable
{
    private readonly Process _ffmpeg;

    private TestPublisher(Process ffmpeg) => _ffmpeg = ffmpeg;

    /// <summary><paramref name="seconds"/>: the stream's length, after which ffmpeg ends its publish by itself.</summary>
    public static TestPublisher Start(string rtmpUrl, string key, int seconds = 60)
    {
        var start = new ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[]
        {
            "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
            "-t", seconds.ToString(), "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-c:a", "aac",
            "-f", "flv", $"{rtmpUrl}/{key}",
        }) start.ArgumentList.Add(a);
        var ffmpeg = Process.Start(start)!;
        ffmpeg.BeginErrorReadLine();
        return new TestPublisher(ffmpeg);
    }

    public bool HasExited => _ffmpeg.HasExited;

    /// <summary>The exit code, or null if it still runs after <paramref name="within"/>.</summary>
    public async Task<int?> ExitCodeAsync(TimeSpan within)
    {
        try { await _ffmpeg.WaitForExitAsync().WaitAsync(within); }
        catch (TimeoutException) { return null; }
        return _ffmpeg.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_ffmpeg.HasExited) _ffmpeg.Kill();
        await _ffmpeg.WaitForExitAsync();
        _ffmpeg.Dispose();
    }

    /// <summary>Running ffmpeg processes writing the stream's HLS (under a directory named by its id; publishers' keys also start with the id).</summary>
    public static int EncodersOf(Guid streamId)
    {
        var id = $"/{streamId:N}/hls/";
        var count = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (cmd.StartsWith("ffmpeg\0", StringComparison.Ordinal) && cmd.Contains(id, StringComparison.Ordinal)) count++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return count;
    }
}
