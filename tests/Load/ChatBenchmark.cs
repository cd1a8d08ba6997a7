using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HdrHistogram;
using Npgsql;

namespace SocialFlow.Load;

/// <summary>
/// `--scenario chat`: one live stream created over HTTP by user 0; one SignalR WebSocket connection per seeded user
/// (1,000 by default; <see cref="LeanHubConnection"/>, the JSON hub protocol read in place) to /hubs/live, each calling Join(stream); then the first S joined users (S = --senders, default
/// max(70, rate)) send --rate messages per second in turn (open loop) for the warm-up and then --duration seconds.
/// Every connection records the delivery latency of each measured message (receive − send ticks, same process).
/// Prints messages, deliveries (and losses), delivery and ack latencies, and the CPU of the host and of this process
/// over the measured sending window. Exit code 1 if a delivery was lost or a connection failed, 2 if p99 misses the goal.
/// `--scenario chat-overload` (twice the rate) expects the host to refuse sends (slow_down) and drop late deliveries:
/// it reports them, checks that every acknowledged message is in live_chat_messages (exit 1 otherwise) and that the
/// delivered p99 is under 1 s (exit 2 otherwise).
/// With --hub-path other than /hubs/live (e.g. /hubs/notifications) it only connects and holds the connections,
/// to check connection limits and the host's idle CPU with that many clients.
/// </summary>
public static class ChatBenchmark
{
    public const string LiveHub = "/hubs/live";
    private static readonly TimeSpan GoalP99 = TimeSpan.FromMilliseconds(250), OverloadGoalP99 = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SetupDeadline = TimeSpan.FromSeconds(180), DrainDeadline = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(LoadOptions options, Uri url, string connectionString, string[] tokens, int? hostPid)
    {
        var chat = options.Chat;
        var users = tokens[..Math.Min(options.Connections, tokens.Length)];
        var connectOnly = chat.HubPath != LiveHub;
        var streamId = connectOnly ? Guid.Empty : await CreateStreamAsync(url, users[0]);
        var window = new MeasuredWindow((long)(options.Warmup.TotalSeconds * chat.Rate), (long)((options.Warmup + chat.Duration).TotalSeconds * chat.Rate));
        Console.WriteLine($"connecting {users.Length} clients to {chat.HubPath} (WebSockets, no negotiation)" + (connectOnly ? " …" : $", stream {streamId} …"));
        await using var clients = await ChatConnections.ConnectAsync(new Uri(url, chat.HubPath), users, (int)window.End, window, streamId, SetupDeadline);
        if (connectOnly) return await HoldAsync(clients, users.Length, options.Warmup + chat.Duration, hostPid);

        await clients.JoinAsync(streamId, SetupDeadline);
        var senders = clients.Hubs.OfType<LeanHubConnection>().Take(chat.Senders).ToArray();
        var joined = clients.Connected;
        PrintFailures(clients);
        if (senders.Length == 0) return 1;
        Console.WriteLine($"{senders.Length} senders (one message each every {senders.Length * 1000.0 / chat.Rate:0} ms): {chat.Rate} msg/s, " +
                          $"warm-up {options.Warmup.TotalSeconds:0} s, then {chat.Duration.TotalSeconds:0} s measured …");
        await Task.Delay(TimeSpan.FromSeconds(2)); // the joins' viewer-count pushes settle
        var loadBefore = LoadAverage();

        var sender = new ChatSender(senders, streamId, chat.Rate, window);
        ProcessCpu.Sample? hostFrom = null, hostTo = null, selfFrom = null, selfTo = null;
        long deliveredFrom = 0, deliveredTo = 0;
        long Delivered() => clients.Recorders.Sum(r => r.Received);
        await sender.RunAsync(window.End,
            onMeasuredStart: () => (hostFrom, selfFrom, deliveredFrom) = (Cpu(hostPid), ProcessCpu.Read(Environment.ProcessId), Delivered()),
            onLastSent: () => (hostTo, selfTo, deliveredTo) = (Cpu(hostPid), ProcessCpu.Read(Environment.ProcessId), Delivered()));
        var closedDuringRun = clients.Closed;
        var loadAfter = LoadAverage();

        var acked = sender.AckedIn(0, window.End).Count;
        var drain = Stopwatch.StartNew();
        var (lastCount, lastChange) = (Delivered(), drain.Elapsed);
        while (Delivered() < (long)acked * joined && drain.Elapsed < DrainDeadline)
        {
            await Task.Delay(50);
            if (Delivered() != lastCount) (lastCount, lastChange) = (Delivered(), drain.Elapsed);
            else if (chat.Overload && drain.Elapsed - lastChange > TimeSpan.FromSeconds(2)) break; // the rest was dropped
        }

        var measuredAcked = sender.AckedIn(window.First, window.End);
        var latency = new LongHistogram(DeliveryRecorder.MaxLatencyMicroseconds, 3);
        var sinceAccepted = new LongHistogram(DeliveryRecorder.MaxLatencyMicroseconds, 3);
        var merged = clients.Recorders.Select(r => r.MergeInto(latency, measuredAcked, sinceAccepted)).ToArray();
        var expected = (long)measuredAcked.Count * joined;
        var received = merged.Sum(m => m.Got);
        var lost = expected - received;
        var ack = sender.AckLatency;

        Console.WriteLine();
        Console.WriteLine($"connections: {users.Length} requested, {joined} joined, {closedDuringRun} closed during the run");
        Console.WriteLine($"messages (measured {window.End - window.First}, warm-up {window.First}): sent {sender.Sent}, acknowledged {acked}, " +
                          $"refused {sender.Refused.Values.Sum()}{Codes(sender.Refused)}, errors {sender.Errors}");
        Console.WriteLine($"deliveries of the {measuredAcked.Count} measured acknowledged messages: expected {expected:N0}, received {received:N0}, " +
                          $"{(chat.Overload ? "dropped (late or slow connection)" : "lost")} {lost:N0} ({100.0 * lost / Math.Max(expected, 1):0.0000} %), " +
                          $"duplicates {merged.Sum(m => m.Duplicates)}, other messages {merged.Sum(m => m.Foreign)}");
        var missing = await MissingFromHistoryAsync(connectionString, streamId, sender.AckedIn(0, window.End));
        Console.WriteLine($"acknowledged messages missing from the history (live_chat_messages): {missing} of {acked}");
        Console.WriteLine($"delivery latency ms: p50 {Ms(latency, 50)}  p90 {Ms(latency, 90)}  p99 {Ms(latency, 99)}  max {latency.GetMaxValue() / 1000.0:0.0}");
        Console.WriteLine($"delivery after the room accepted (sent_at → received) ms: p50 {Ms(sinceAccepted, 50)}  p99 {Ms(sinceAccepted, 99)}  max {sinceAccepted.GetMaxValue() / 1000.0:0.0}");
        Console.WriteLine($"send (ack) latency ms: p50 {Ms(ack, 50)}  p99 {Ms(ack, 99)}  max {ack.GetMaxValue() / 1000.0:0.0}");
        var deliveries = deliveredTo - deliveredFrom;
        Console.WriteLine($"deliveries in the measured window: {deliveries:N0} ({deliveries / chat.Duration.TotalSeconds:N0}/s)");
        PrintCpu("host CPU", hostFrom, hostTo, deliveries);
        PrintCpu("load tool CPU", selfFrom, selfTo, deliveries);
        Console.WriteLine($"machine load average (1, 5, 15 min) before {loadBefore}, after {loadAfter} on {Environment.ProcessorCount} cores");
        var p99 = latency.GetValueAtPercentile(99) / 1000.0;
        var goal = chat.Overload ? OverloadGoalP99 : GoalP99;
        var pass = latency.TotalCount > 0 && p99 < goal.TotalMilliseconds;
        Console.WriteLine($"delivery p99 {p99:0.0} ms against the goal of {goal.TotalMilliseconds:0} ms: {(pass ? "PASS" : "FAIL")}");
        if ((lost > 0 && !chat.Overload) || missing > 0 || joined < users.Length || measuredAcked.Count == 0) return 1;
        return pass ? 0 : 2;
    }

    /// <summary>How many of the acknowledged sequence numbers have no row (read back from the benchmark's texts).</summary>
    private static async Task<int> MissingFromHistoryAsync(string connectionString, Guid streamId, IReadOnlyCollection<long> acked)
    {
        var stored = new HashSet<long>();
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var cmd = db.CreateCommand("SELECT text FROM live_chat_messages WHERE stream_id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = streamId });
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            if (r.GetString(0).Split(' ') is ["bench", var seq, _] && long.TryParse(seq, out var n)) stored.Add(n);
        }
        return acked.Count(seq => !stored.Contains(seq));
    }

    private static async Task<Guid> CreateStreamAsync(Uri url, string ownerToken)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        using var request = Scenario.Request(HttpMethod.Post, "/api/v1/live", ownerToken);
        request.Content = JsonContent.Create(new { title = "Chat benchmark", description = "load test", visibility = "public", record = false });
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"POST /api/v1/live answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Connect-only mode: holds the open connections and reports the CPU they cost.</summary>
    private static async Task<int> HoldAsync(ChatConnections clients, int requested, TimeSpan hold, int? hostPid)
    {
        PrintFailures(clients);
        var (hostFrom, selfFrom) = (Cpu(hostPid), ProcessCpu.Read(Environment.ProcessId));
        Console.WriteLine($"holding {clients.Connected} connections for {hold.TotalSeconds:0} s …");
        await Task.Delay(hold);
        var (hostTo, selfTo) = (Cpu(hostPid), ProcessCpu.Read(Environment.ProcessId));
        Console.WriteLine($"connections: {requested} requested, {clients.Connected} open, {clients.Closed} closed while held");
        PrintCpu("host CPU (idle connections)", hostFrom, hostTo, 0);
        PrintCpu("load tool CPU", selfFrom, selfTo, 0);
        return clients.Connected == requested && clients.Closed == 0 ? 0 : 1;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "n/a";

    private static ProcessCpu.Sample? Cpu(int? pid) => pid is { } p ? ProcessCpu.Read(p) : null;

    private static void PrintCpu(string what, ProcessCpu.Sample? from, ProcessCpu.Sample? to, long deliveries)
    {
        if (from is not { } f || to is not { } t)
        {
            Console.WriteLine($"{what}: n/a (not a child process of this tool)");
            return;
        }
        var (percent, cpuMs) = ProcessCpu.Between(f, t);
        var perDeliveries = deliveries > 0 ? $", {cpuMs * 1000 / deliveries:0.00} CPU-ms per 1,000 deliveries" : "";
        Console.WriteLine($"{what}: {percent:0.0} % of one core ({cpuMs:N0} CPU-ms{perDeliveries})");
    }

    private static void PrintFailures(ChatConnections clients)
    {
        foreach (var g in clients.Failures.GroupBy(f => f).OrderByDescending(g => g.Count()).Take(5)) Console.WriteLine($"  failed ×{g.Count()}: {g.Key}");
    }

    private static string Codes(IReadOnlyDictionary<string, long> refused) =>
        refused.Count == 0 ? "" : " (" + string.Join(", ", refused.Select(r => $"{r.Key} ×{r.Value}")) + ")";

    private static string Ms(HistogramBase h, double percentile) => h.TotalCount == 0 ? "-" : $"{h.GetValueAtPercentile(percentile) / 1000.0:0.0}";
}
