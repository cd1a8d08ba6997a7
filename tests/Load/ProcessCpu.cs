using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SocialFlow.Load;

/// <summary>
/// CPU time (user + system) a process has used, from /proc/&lt;pid&gt;/stat (utime and stime, fields 14 and 15, in
/// clock ticks), so the host started as a child process is measured the same way as this process.
/// </summary>
public static class ProcessCpu
{
    private const int ScClkTck = 2; // _SC_CLK_TCK on Linux

    private static readonly long TicksPerSecond = ReadClockTicks();

    public readonly record struct Sample(TimeSpan Cpu, long At);

    public static Sample? Read(int pid) => ReadStat(pid) is { } s ? new Sample(s.Cpu, Stopwatch.GetTimestamp()) : null;

    /// <summary>
    /// CPU time of <paramref name="root"/> and its child processes: a PostgreSQL server (the postmaster) and its backends
    /// and workers, and not another cluster on the same machine (a parallel test run's).
    /// </summary>
    public static Sample ReadTree(int root)
    {
        var total = TimeSpan.Zero;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ReadStat(pid) is { } s && (pid == root || s.Parent == root)) total += s.Cpu;
        }
        return new Sample(total, Stopwatch.GetTimestamp());
    }

    /// <summary>The PostgreSQL server (postmaster) behind <paramref name="connectionString"/>: the parent of a backend it starts.</summary>
    public static async Task<int> PostgresServerAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await cmd.ExecuteScalarAsync())!;
        return ReadStat(backend)?.Parent ?? throw new InvalidOperationException($"PostgreSQL backend {backend} is not on this machine.");
    }

    private static (string Command, TimeSpan Cpu, int Parent)? ReadStat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        var (open, close) = (stat.IndexOf('('), stat.LastIndexOf(')'));
        var fields = stat[(close + 2)..].Split(' ');
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]); // fields 14 and 15 counted from 1 (state is field 3)
        return (stat[(open + 1)..close], TimeSpan.FromSeconds((double)ticks / TicksPerSecond), int.Parse(fields[1]));
    }

    /// <summary>CPU used between two samples, as % of one core over the wall time between them, and the CPU milliseconds.</summary>
    public static (double PercentOfCore, double CpuMs) Between(Sample from, Sample to)
    {
        var cpu = (to.Cpu - from.Cpu).TotalMilliseconds;
        var wall = Stopwatch.GetElapsedTime(from.At, to.At).TotalMilliseconds;
        return (100 * cpu / Math.Max(wall, 1e-9), cpu);
    }

    private static long ReadClockTicks()
    {
        if (!OperatingSystem.IsLinux()) return 100;
        var ticks = SysConf(ScClkTck);
        return ticks > 0 ? ticks : 100;
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);
}
