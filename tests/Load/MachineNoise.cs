namespace SocialFlow.Load;

/// <summary>
/// The kernel's DAMON threads (kdamond), which some virtual machines run to reclaim memory proactively. On one machine of
/// this kind (session 40) a kdamond sampled physical memory every 500 ms and held one of the two cores for 10–70 ms each
/// time, and the slow requests of a latency run came in bursts on that beat (51 of 72 cold first pages over 25 ms were
/// in flight during one of its bursts). Printed so that a run's figures are read with it; the benchmark does not change it.
/// </summary>
public static class MachineNoise
{
    private const string Kdamonds = "/sys/kernel/mm/damon/admin/kdamonds";

    /// <summary>The unit of /proc/PID/stat's CPU times (USER_HZ, 100 on Linux).</summary>
    private const double ClockTicksPerSecond = 100;

    /// <summary>One line per running kdamond: what it monitors, how often it samples, what its schemes do.</summary>
    public static IReadOnlyList<string> Describe()
    {
        var lines = new List<string>();
        foreach (var dir in RunningKdamonds())
        {
            var context = Path.Combine(dir, "contexts", "0");
            var sampleUs = Read(Path.Combine(context, "monitoring_attrs", "intervals", "sample_us"));
            var actions = Directory.Exists(Path.Combine(context, "schemes"))
                ? Directory.GetDirectories(Path.Combine(context, "schemes")).Select(s => Read(Path.Combine(s, "action"))).Where(a => a is not null)
                : [];
            lines.Add($"kernel memory monitor kdamond (pid {Read(Path.Combine(dir, "pid"))}) is on: {Read(Path.Combine(context, "operations"))}, "
                + $"sampling every {(long.TryParse(sampleUs, out var us) ? us / 1000 : 0)} ms, schemes: {string.Join(", ", actions.DefaultIfEmpty("none"))}");
        }
        return lines;
    }

    /// <summary>The CPU the running kdamonds have used so far.</summary>
    public static TimeSpan CpuTime()
    {
        var ticks = 0L;
        foreach (var dir in RunningKdamonds())
        {
            if (Read(Path.Combine(dir, "pid")) is not { } pid || Read($"/proc/{pid}/stat") is not { } stat) continue;
            // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
        }
        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    /// <summary>How much CPU the kdamonds took during a measurement that began when they had used <paramref name="cpuBefore"/>.</summary>
    public static void PrintUsedSince(TimeSpan cpuBefore, TimeSpan elapsed)
    {
        if (!RunningKdamonds().Any()) return;
        Console.WriteLine($"machine: kdamond used {(CpuTime() - cpuBefore).TotalMilliseconds / elapsed.TotalSeconds:0} ms of CPU a second while measuring");
    }

    private static IEnumerable<string> RunningKdamonds() =>
        Directory.Exists(Kdamonds)
            ? Directory.GetDirectories(Kdamonds).Where(d => Read(Path.Combine(d, "state")) == "on")
            : [];

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
