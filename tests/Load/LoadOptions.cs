using System.Net;

namespace SocialFlow.Load;

/// <summary>
/// Command line: --url, --db, --warmup, --round, --rounds, --connections, --users, --videos, --only (all optional).
/// --only like,video,counts runs those scenarios besides the /health/live floor, e.g. to profile one of them.
/// --scenario feed runs the home-feed benchmark instead (FeedBenchmark): users default to 10,001 (one author, 10,000 followers).
/// --scenario chat runs the live-chat benchmark (ChatBenchmark): --connections 1000 (one user each), --rate 100 (msg/s),
/// --senders max(70, rate), --duration 30 (s, measured), --warmup 5, --hub-path /hubs/live, --host-pid (with --url);
/// users default to connections.
/// --scenario chat-overload is the chat benchmark at twice the delivery rate this machine sustains (--rate 1200,
/// --senders 1000, --duration 20; `chat` met its goal with no refusal at 600 msg/s): the goal is a bounded delivery
/// delay (p99 under 1 s), with refused sends and dropped deliveries counted, and no acknowledged message missing from
/// the room's history.
/// --scenario moderation runs the moderation benchmark (ModerationBenchmark): 100,000 open reports over 20,000 targets,
/// the queue's first page against /health/live (at most 8 connections), then the time from a ban until the banned
/// account is refused on a second API host; users default to 1,000 (--warmup 5).
/// --scenario search runs the search benchmark (SearchBenchmark): --posts 1,000,000 with a Zipf vocabulary, 100,000 users,
/// of whom --viewers 2,000 search (signed in and warmed first); rates at --connections, latencies open loop at --latency-load 0.5
/// of each scenario's rate, then the indexing lag while posts are written at up to --write-rate 1,000 posts/s;
/// with --url, --host-pid to count the host's CPU per request.
/// --scenario trending runs the trending benchmark (TrendingBenchmark): 100,000 tagged posts over 35 days, then likes,
/// views and the trending reads interleaved against /health/live (--warmup 5).
/// --scenario ads runs the ads benchmark (AdsBenchmark): ad decisions against /health/live, then --campaigns 10 budgets
/// spent to the end and their overspend (goal 0).
/// --scenario analytics runs the analytics benchmark (AnalyticsBenchmark): a year of one creator's rollups and --raw-events
/// 10,000,000 raw events seeded in SQL (at most --seed-seconds 900), then tracking in batches of 50 and the creator's
/// dashboard interleaved against /health/live, and the rollup lag while events flow (--warmup 5).
/// --scenario recommendations runs the recommendations evaluation and benchmark (RecommendationsBenchmark): a planted
/// population of --users people (10,000) with 5 items and 100 interactions each; NDCG@10 and recall@50 of the model,
/// popularity and random, training time and model size; then the For-you feed against /health/live (at most 8 connections;
/// --warmup 30: a tenth of the people's pages ranked again and again, so that the host is measured warm).
/// --scenario viral runs the viral prediction's evaluation (ViralEvaluation, no host): a simulated 30-day history, split by
/// time; precision at 10 of the model, the first hour's raw points and chance; training time.
/// --scenario chat-self-check checks the delivery statistics on made-up data (no host).
/// --timeline DIR appends each open-loop request's send time (UTC) and latency to DIR/&lt;scenario name&gt;.tsv, to line a
/// tail up with what the host or the database did at that moment (a GC trace, the PostgreSQL log).
/// </summary>
public sealed record LoadOptions(
    Uri? Url, string? TargetDatabase, TimeSpan Warmup, TimeSpan Round, int Rounds, int Connections, int Users, int Videos,
    IReadOnlySet<string>? Only, string Scenario, ChatOptions Chat, int Posts = 0, int Viewers = 0, double LatencyLoad = 0.5,
    int WriteRate = 1_000, long RawEvents = 10_000_000, int SeedSeconds = 900, int Campaigns = 10, string? Timeline = null)
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
        var scenario = Get("scenario") ?? "engagement";
        var overload = scenario == "chat-overload";
        var isChat = scenario == "chat" || overload;
        var url = Get("url") is { } u ? new Uri(u) : null;
        if (url is not null && !IsLoopback(url)) throw new ArgumentException("--url must be a loopback address (127.0.0.0/8, localhost or [::1]).");
        if (url is not null && Get("db") is null) throw new ArgumentException("--url needs --db, the target host's PostgreSQL connection string (to seed and to verify).");
        var connections = isChat ? Int("connections", 1_000, 10_000) : Int("connections", 64, 1024);
        var rate = Int("rate", overload ? 1200 : 100, 10_000);
        var chat = new ChatOptions(rate, TimeSpan.FromSeconds(Int("duration", overload ? 20 : 30, 3_600)),
            Int("senders", Math.Min(connections, Math.Max(70, rate)), connections),
            Get("hub-path") ?? ChatBenchmark.LiveHub, Get("host-pid") is { } pid ? int.Parse(pid) : null, overload);
        if (isChat && chat.Senders * 1.5 < rate) Console.Error.WriteLine($"warning: {chat.Senders} senders at {rate} msg/s exceed 3 messages per 2 s each.");
        return new LoadOptions(url, Get("db"),
            TimeSpan.FromSeconds(Int("warmup", isChat || scenario is "moderation" or "search" or "trending" or "analytics" ? 5 : 30, 600)), TimeSpan.FromSeconds(Int("round", 5, 120)), Int("rounds", 6, 100),
            connections, Int("users", scenario switch { "feed" => 10_001, "moderation" => 1_000, "search" => 100_000, _ when isChat => connections, _ => 10_000 }, 1_000_000),
            Int("videos", isChat || scenario is "moderation" or "search" or "recommendations" ? 1 : 1_000, 1_000_000),
            Get("only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(),
            scenario, chat, Int("posts", 1_000_000, 10_000_000), Int("viewers", 2_000, 1_000_000),
            Get("latency-load") is { } l ? Math.Clamp(double.Parse(l, System.Globalization.CultureInfo.InvariantCulture), 0.01, 1) : 0.5,
            Int("write-rate", 1_000, 100_000), Get("raw-events") is { } raw ? Math.Clamp(long.Parse(raw, System.Globalization.CultureInfo.InvariantCulture), 0, 100_000_000) : 10_000_000,
            Int("seed-seconds", 900, 7_200), Int("campaigns", 10, 1_000), Get("timeline"));
    }

    public static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}

/// <summary>The chat benchmark's knobs (see LoadOptions).</summary>
/// <param name="HostPid">With --url, the target host's process id, so that its CPU is measured too (--host-pid).</param>
/// <param name="Overload">chat-overload: deliveries may be dropped and sends refused; the goals are p99 and the history.</param>
public sealed record ChatOptions(int Rate, TimeSpan Duration, int Senders, string HubPath, int? HostPid, bool Overload);
