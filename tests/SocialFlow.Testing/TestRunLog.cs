namespace SocialFlow.Testing;

/// <summary>
/// One line per database and host a test run creates, in $SF_TEST_LOGS/instances.log (set by scripts/test.sh): how many
/// a run needs is the first thing that makes a suite slow, and this file counts them.
/// </summary>
public static class TestRunLog
{
    private static readonly Lock Gate = new();
    private static readonly Lazy<string> Project = new(() =>
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).FirstOrDefault(n => n?.EndsWith(".Tests") == true) ?? "tests");

    public static void Write(string what)
    {
        if (FileLog.Directory is not { } logs) return;
        lock (Gate)
        {
            Directory.CreateDirectory(logs);
            File.AppendAllText(Path.Combine(logs, "instances.log"), $"{DateTime.UtcNow:HH:mm:ss.fff} {Project.Value} {what}\n");
        }
    }
}
