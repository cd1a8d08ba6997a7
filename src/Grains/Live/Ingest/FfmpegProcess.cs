using System.Diagnostics;
using System.Text;

namespace SocialFlow.Grains.Live.Ingest;

/// <summary>Runs ffmpeg/ffprobe to its end. Cancelling gives it <c>grace</c> to end by itself (its input was dropped), then kills it.</summary>
public static class FfmpegProcess
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(string tool, IEnumerable<string> args, CancellationToken ct, TimeSpan grace)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = Tail(process.StandardError);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            using var graceful = new CancellationTokenSource(grace);
            try { await process.WaitForExitAsync(graceful.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); await process.WaitForExitAsync(CancellationToken.None); }
        }
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The last lines of stderr (an encoder running for hours must not grow a buffer).</summary>
    private static async Task<string> Tail(StreamReader reader)
    {
        var lines = new Queue<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Enqueue(line);
            if (lines.Count > 10) lines.Dequeue();
        }
        return new StringBuilder().AppendJoin(" | ", lines).ToString();
    }
}
