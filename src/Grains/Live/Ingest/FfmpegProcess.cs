using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SocialFlow.Grains.Live.Ingest;

/// <summary>
/// Runs ffmpeg/ffprobe to its end. Cancelling gives it <c>grace</c> to end by itself (its input was dropped), then asks
/// it to stop (SIGTERM: ffmpeg then writes what it has encoded and closes its files), and kills it only if it has not
/// stopped within <see cref="TermGrace"/>: a recording of a loaded host whose encoder lags must not lose its buffer.
/// With no grace (a probe: it has nothing to keep) it is killed at once.
/// </summary>
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
            catch (OperationCanceledException) when (grace > TimeSpan.Zero) { await TerminateAsync(process); }
            catch (OperationCanceledException) { await KillAsync(process); }
        }
        return (process.ExitCode, await output, await error);
    }

    private static readonly TimeSpan TermGrace = TimeSpan.FromSeconds(5);

    private static async Task TerminateAsync(Process process)
    {
        using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) await signal.WaitForExitAsync();
        using var terminated = new CancellationTokenSource(TermGrace);
        try { await process.WaitForExitAsync(terminated.Token); }
        catch (OperationCanceledException) { await KillAsync(process); }
    }

    private static async Task KillAsync(Process process)
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None);
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
