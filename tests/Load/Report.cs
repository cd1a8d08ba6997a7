namespace SocialFlow.Load;

public static class Report
{
    public static void Print(IReadOnlyList<Scenario> scenarios, Scenario floor)
    {
        Console.WriteLine();
        var cpu = scenarios.Any(s => s.HostMicrosecondsPerRequest is not null);
        Console.WriteLine($"{"scenario",-26} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"ratio to /health/live",22}{(cpu ? $" {"host CPU µs/req",16}" : "")}");
        foreach (var s in scenarios)
        {
            var p50 = s.Latency.GetValueAtPercentile(50) / 1000.0;
            var p99 = s.Latency.GetValueAtPercentile(99) / 1000.0;
            var perRequest = s.HostMicrosecondsPerRequest is { } us ? $" {us,16:0.0}" : "";
            Console.WriteLine($"{s.Name,-26} {s.RequestsPerSecond,9:0} {p50,8:0.00} {p99,8:0.00} {s.Errors,7} {s.RequestsPerSecond / floor.RequestsPerSecond,22:0.00}{perRequest}");
            if (s.ErrorStatuses.Count > 0) Console.WriteLine($"{"",-26} error statuses: {string.Join(", ", s.ErrorStatuses.Select(e => $"{e.Key}×{e.Value}"))}");
        }
        Console.WriteLine();
    }
}
