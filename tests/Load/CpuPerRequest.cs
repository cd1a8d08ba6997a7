namespace SocialFlow.Load;

/// <summary>
/// CPU time per request while each scenario ran: the API host's (co-hosted silo included; unknown with --url unless
/// --host-pid is given) and the target PostgreSQL server's (its postmaster and children). Backends that exit meanwhile are not counted.
/// </summary>
public sealed class CpuPerRequest(int? hostPid, int postgres)
{
    private readonly Dictionary<Scenario, (TimeSpan Host, TimeSpan Postgres)> _used = [];

    public async Task MeasureAsync(Scenario scenario, Func<Task> run)
    {
        var (host0, pg0) = (hostPid is { } p ? ProcessCpu.Read(p) : null, ProcessCpu.ReadTree(postgres));
        await run();
        var (host1, pg1) = (hostPid is { } q ? ProcessCpu.Read(q) : null, ProcessCpu.ReadTree(postgres));
        var (host, pg) = _used.GetValueOrDefault(scenario);
        _used[scenario] = (host + (host1?.Cpu - host0?.Cpu ?? TimeSpan.Zero), pg + (pg1.Cpu - pg0.Cpu));
    }

    public void Print(IEnumerable<Scenario> scenarios)
    {
        foreach (var s in scenarios)
        {
            var (host, pg) = _used[s];
            var n = Math.Max(s.Requests, 1);
            Console.WriteLine($"  {s.Name,-26} CPU per request: host {(hostPid is null ? "?" : $"{host.TotalMilliseconds / n:0.000} ms")}, "
                + $"PostgreSQL {pg.TotalMilliseconds / n:0.000} ms");
        }
        Console.WriteLine();
    }
}
