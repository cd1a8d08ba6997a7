using System.Net;

namespace SocialFlow.Load;

/// <summary>
/// Command line: --url, --db, --warmup, --round, --rounds, --connections, --users, --videos, --only (all optional).
/// --only like,video,counts runs those scenarios besides the /health/live floor, e.g. to profile one of them.
/// --scenario feed runs the home-feed benchmark instead (FeedBenchmark): users default to 10,001 (one author, 10,000 followers).
/// </summary>
public sealed record LoadOptions(
    Uri? Url, string? TargetDatabase, TimeSpan Warmup, TimeSpan Round, int Rounds, int Connections, int Users, int Videos,
    IReadOnlySet<string>? Only, string Scenario)
{
    public static LoadOptions Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            map[args[i][2..]] = args[i + 1];
        }
        string? Get(string key) => map.GetValueOrDefault(key);
        int Int(string key, int fallback, int max) => Get(key) is { } v ? Math.Clamp(int.Parse(v), 1, max) : fallback;
        var url = Get("url") is { } u ? new Uri(u) : null;
        if (url is not null && !IsLoopback(url)) throw new ArgumentException("--url must be a loopback address (127.0.0.0/8, localhost or [::1]).");
        if (url is not null && Get("db") is null) throw new ArgumentException("--url needs --db, the target host's PostgreSQL connection string (to seed and to verify).");
        return new LoadOptions(url, Get("db"),
            TimeSpan.FromSeconds(Int("warmup", 30, 600)), TimeSpan.FromSeconds(Int("round", 5, 120)), Int("rounds", 6, 100),
            Int("connections", 64, 1024), Int("users", Get("scenario") == "feed" ? 10_001 : 10_000, 1_000_000), Int("videos", 1_000, 1_000_000),
            Get("only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(),
            Get("scenario") ?? "engagement");
    }

    public static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
