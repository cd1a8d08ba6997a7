using Microsoft.Extensions.Logging;

namespace SocialFlow.Testing;

/// <summary>
/// Warnings and errors of a test host, appended to a file in $SF_TEST_LOGS (set by scripts/test.sh) with the time and
/// the host's cluster id: the console of the test host is not shown by `dotnet test`, and a hang or a 503 in one test is
/// explained by what its host logged.
/// </summary>
public sealed class FileLog(string path, string host) : ILoggerProvider
{
    private static readonly Lock Gate = new();

    public static string? Directory => Environment.GetEnvironmentVariable("SF_TEST_LOGS") is { Length: > 0 } d ? d : null;

    public ILogger CreateLogger(string categoryName) => new Writer(this, categoryName);

    public void Dispose() { }

    private void Append(string line)
    {
        lock (Gate) File.AppendAllText(path, line);
    }

    private sealed class Writer(FileLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var error = exception is null ? "" : $"\n    {exception.GetType().FullName}: {exception.Message}\n{exception.StackTrace}";
            log.Append($"{DateTime.UtcNow:HH:mm:ss.fff} {log.Host} {logLevel} {category}: {formatter(state, exception)}{error}\n");
        }
    }

    private string Host => host;
}
