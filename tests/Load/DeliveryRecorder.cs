using System.Collections;
using System.Diagnostics;
using HdrHistogram;

namespace SocialFlow.Load;

/// <summary>
/// One receiving connection's record of the benchmark messages it got: which sequence numbers (to count losses and
/// duplicates) and, for the measured ones, the delivery latency (receive − send, µs, both Stopwatch ticks of this
/// process). Handlers of one connection run one at a time, but the lock keeps a merge during late deliveries safe.
/// </summary>
public sealed class DeliveryRecorder(int capacity)
{
    public const long MaxLatencyMicroseconds = 60_000_000;
    private readonly Lock _gate = new();
    private readonly BitArray _seen = new(capacity);
    private readonly LongHistogram _latency = new(MaxLatencyMicroseconds, 3);
    private readonly LongHistogram _sinceAccepted = new(MaxLatencyMicroseconds, 3);
    private long _received, _duplicates, _foreign;

    /// <summary>Parses a text made by <see cref="Text"/>; anything else (another client's chat) is counted as foreign.</summary>
    /// <param name="sinceAccepted">Receipt − the message's sent_at (the room's acceptance, same machine's clock): the
    /// delay the server bounds, without the time before the room took the send.</param>
    public void Record(string text, long receivedTicks, MeasuredWindow window, TimeSpan? sinceAccepted = null)
    {
        var bench = LeanHubConnection.TryParseBenchmarkText(System.Text.Encoding.UTF8.GetBytes(text), out var seq, out var sentTicks);
        Record(new PushedChat(Guid.Empty, seq, sentTicks, default, bench), receivedTicks, window, sinceAccepted);
    }

    public void Record(in PushedChat message, long receivedTicks, MeasuredWindow window, TimeSpan? sinceAccepted = null)
    {
        var (seq, sentTicks) = (message.Seq, message.SentTicks);
        if (!message.IsBenchmark || seq < 0 || seq >= capacity)
        {
            Interlocked.Increment(ref _foreign);
            return;
        }
        lock (_gate)
        {
            if (_seen[(int)seq])
            {
                _duplicates++;
                return;
            }
            _seen[(int)seq] = true;
            _received++;
            if (!window.Contains(seq)) return;
            _latency.RecordValue(Math.Clamp(Micros(receivedTicks - sentTicks), 1, MaxLatencyMicroseconds));
            if (sinceAccepted is { } d) _sinceAccepted.RecordValue(Math.Clamp((long)(d.TotalMilliseconds * 1000), 1, MaxLatencyMicroseconds));
        }
    }

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Adds this connection's latencies to <paramref name="total"/> and returns how many of <paramref name="expected"/> it got.</summary>
    public (long Got, long Duplicates, long Foreign) MergeInto(LongHistogram total, IReadOnlyCollection<long> expected, LongHistogram? sinceAccepted = null)
    {
        lock (_gate)
        {
            total.Add(_latency);
            sinceAccepted?.Add(_sinceAccepted);
            return (expected.LongCount(seq => _seen[(int)seq]), _duplicates, Interlocked.Read(ref _foreign));
        }
    }

    public static string Text(long seq, long sentTicks) => $"bench {seq} {sentTicks}";

    public static long Micros(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;

    /// <summary>
    /// Checks the recording and merging on made-up deliveries with known latencies (no host): 4 connections, 1,000
    /// messages of which 100..899 are measured, latency = seq µs + 1 ms per connection index; connection 3 misses 5
    /// messages and gets one twice; and a refusal's code is read from the client's HubException text. Prints what it finds and returns false on any difference.
    /// </summary>
    public static bool SelfCheck()
    {
        const int messages = 1000, connections = 4;
        var window = new MeasuredWindow(100, 900);
        var recorders = Enumerable.Range(0, connections).Select(_ => new DeliveryRecorder(messages)).ToArray();
        var missed = new HashSet<long> { 100, 200, 300, 400, 950 };
        Parallel.For(0, connections, c =>
        {
            for (long seq = 0; seq < messages; seq++)
            {
                if (c == 3 && missed.Contains(seq)) continue;
                var sent = 1_000_000_000L + seq;
                var latencyTicks = (seq + 1000 * c) * Stopwatch.Frequency / 1_000_000;
                recorders[c].Record(Text(seq, sent), sent + latencyTicks, window);
                if (c == 3 && seq == 500) recorders[c].Record(Text(seq, sent), sent + latencyTicks, window);
            }
            recorders[c].Record("hello from someone else", 0, window);
        });
        var total = new LongHistogram(MaxLatencyMicroseconds, 3);
        var expected = Enumerable.Range(100, 800).Select(i => (long)i).ToArray();
        var merged = recorders.Select(r => r.MergeInto(total, expected)).ToArray();
        var got = merged.Sum(m => m.Got);
        var checks = new (string What, bool Ok)[]
        {
            ("deliveries 3196 of 3200", got == 4 * 800 - 4),
            ("recorded latencies 3196", total.TotalCount == got),
            ("duplicates 1", merged.Sum(m => m.Duplicates) == 1),
            ("foreign 4", merged.Sum(m => m.Foreign) == 4),
            ("min ≈ 100 µs", Near(total.GetValueAtPercentile(0), 100)),
            ("max ≈ 3899 µs", Near(total.GetMaxValue(), 3899)),
            ("p50 ≈ 1897 µs", Near(total.GetValueAtPercentile(50), 1897)),
            ("p99 ≈ 3868 µs", Near(total.GetValueAtPercentile(99), 3868)),
            ("refusal code", ChatSender.RefusalCode("An unexpected error occurred invoking 'Send' on the server. HubException: rate_limited: 3 per 2 s") == "rate_limited"),
        };
        foreach (var (what, ok) in checks) Console.WriteLine($"  {(ok ? "ok  " : "FAIL")} {what}");
        Console.WriteLine($"  (p50 {total.GetValueAtPercentile(50)} µs, p99 {total.GetValueAtPercentile(99)} µs, max {total.GetMaxValue()} µs)");
        return checks.All(c => c.Ok);
    }

    private static bool Near(long value, long target, double tolerance = 0.005) => Math.Abs(value - target) <= Math.Max(1, target * tolerance);
}

/// <summary>The sequence numbers that are measured: [First, End); those before First are the warm-up.</summary>
public readonly record struct MeasuredWindow(long First, long End)
{
    public bool Contains(long seq) => seq >= First && seq < End;
}
