using System.Diagnostics;
using System.Globalization;

namespace SocialFlow.Grains.Tests.Infrastructure;

/// <summary>Real ffmpeg and ffprobe for tests that make or inspect media files.</summary>
public static class MediaTools
{
    /// <summary>Runs ffmpeg to its end (30 s at most) and fails the test with its errors if it did not succeed.</summary>
    public static async Task FfmpegAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var a in (string[])["-hide_banner", "-loglevel", "error", .. arguments]) start.ArgumentList.Add(a);
        using var ffmpeg = Process.Start(start)!;
        var error = await ffmpeg.StandardError.ReadToEndAsync();
        await ffmpeg.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(ffmpeg.ExitCode == 0, error);
    }

    /// <summary>The file's duration in seconds as ffprobe reads it; 0 when it holds no readable media.</summary>
    public static async Task<double> DurationAsync(string file)
    {
        var start = new ProcessStartInfo("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file]) { RedirectStandardOutput = true };
        using var probe = Process.Start(start)!;
        var text = await probe.StandardOutput.ReadToEndAsync();
        await probe.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return double.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;
    }
}
