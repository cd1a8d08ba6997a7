using System.Diagnostics;
using System.Net;

namespace SocialFlow.Testing.Cluster;

/// <summary>
/// One host (`dotnet X.dll`) as a child process: configured only through environment variables,
/// stdout and stderr captured to a log file, killed with SIGKILL (whole process tree) on Kill or Dispose.
/// </summary>
public sealed class HostProcess : IDisposable
{
    public const string MetricsSetting = "SocialFlow__Telemetry__Prometheus__Url";
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);
    private readonly Process _process;
    private readonly StreamWriter _log;
    private bool _closed;

    public string Name { get; }
    public string LogPath { get; }
    public Uri BaseAddress { get; }

    /// <summary>Its Prometheus listener (GET /metrics), when its settings name one.</summary>
    public Uri? MetricsAddress { get; private init; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    private HostProcess(string name, Process process, StreamWriter log, string logPath, Uri baseAddress) =>
        (Name, _process, _log, LogPath, BaseAddress) = (name, process, log, logPath, baseAddress);

    public static HostProcess Start(string name, string dll, IReadOnlyDictionary<string, string> settings, string logDirectory)
    {
        var startInfo = new ProcessStartInfo(BuiltHosts.Dotnet)
        {
            // The content root: ApiHost finds its appsettings.json next to the dll.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(dll);
        // `make test` exports the test profile's SocialFlow__* settings; a host here gets only what the test gives it.
        foreach (var key in startInfo.Environment.Keys.Where(Inherited).ToList()) startInfo.Environment.Remove(key);
        foreach (var (key, value) in settings) startInfo.Environment[key] = value;

        var logPath = Path.Combine(logDirectory, name + ".log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = startInfo };
        var host = new HostProcess(name, process, log, logPath, new Uri(settings["Urls"]))
        {
            MetricsAddress = settings.TryGetValue(MetricsSetting, out var metrics) ? new Uri(metrics) : null,
        };
        process.OutputDataReceived += (_, e) => host.Write(e.Data);
        process.ErrorDataReceived += (_, e) => host.Write(e.Data is null ? null : "[stderr] " + e.Data);
        log.WriteLine($"# {BuiltHosts.Dotnet} {dll}");
        foreach (var (key, value) in settings.OrderBy(s => s.Key)) log.WriteLine($"# {key}={value}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Polls GET /health/ready until it answers 200; fails at once if the process dies.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited) throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready.\n{Tail()}");
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.GetType().Name;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:0} s (last: {last}).\n{Tail()}");
    }

    /// <summary>SIGKILL on Linux: no shutdown, no membership goodbye; the cluster must notice by itself.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        if (!_process.WaitForExit(ExitTimeout)) throw new TimeoutException($"{Name} (pid {Pid}) did not exit within {ExitTimeout.TotalSeconds:0} s of SIGKILL.");
    }

    public string Tail(int lines = 40)
    {
        lock (_log)
        {
            try
            {
                using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                var all = new StreamReader(stream).ReadToEnd().Split('\n');
                return $"--- last {lines} lines of {LogPath}\n" + string.Join('\n', all.TakeLast(lines));
            }
            catch (IOException e)
            {
                return $"--- {LogPath}: {e.Message}";
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        finally
        {
            lock (_log)
            {
                _closed = true;
                _log.Dispose();
            }
            _process.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            if (!_closed) _log.WriteLine(line);
        }
    }

    private static bool Inherited(string key) =>
        key.StartsWith("SocialFlow__", StringComparison.OrdinalIgnoreCase)
        || key.Equals("ASPNETCORE_URLS", StringComparison.OrdinalIgnoreCase)
        || key.Equals("DOTNET_URLS", StringComparison.OrdinalIgnoreCase)
        || key.Equals("URLS", StringComparison.OrdinalIgnoreCase);
}
