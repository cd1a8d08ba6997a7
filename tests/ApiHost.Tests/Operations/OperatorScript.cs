using System.Diagnostics;

namespace SocialFlow.ApiHost.Tests.Operations;

/// <summary>Runs one of the repository's scripts/ as an operator would, with the given environment, bounded in time.</summary>
public static class OperatorScript
{
    /// <returns>The exit code and everything the script wrote (standard output, then standard error).</returns>
    public static async Task<(int Exit, string Output)> RunAsync(string script, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash", [Repository.PathOf(Path.Combine("scripts", script)), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var (output, errors) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
