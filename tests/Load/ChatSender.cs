using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace SocialFlow.Load;

/// <summary>
/// Sends messages 0 … total−1 at a fixed rate (open loop: the schedule does not wait for acknowledgements), message
/// n from sender n mod S, so each sender sends one message every S/rate seconds. Each text carries its sequence number
/// and the Stopwatch ticks just before Send is invoked. Records which messages were acknowledged, the refusals by code
/// (the text before the first ':' of the HubException), other errors, and the ack latency of the measured messages.
/// </summary>
public sealed class ChatSender(LeanHubConnection[] senders, Guid streamId, int rate, MeasuredWindow window)
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);
    private readonly Lock _gate = new();
    private readonly LongHistogram _ackLatency = new(DeliveryRecorder.MaxLatencyMicroseconds, 3);
    private readonly ConcurrentDictionary<long, bool> _acked = new();
    private readonly ConcurrentDictionary<string, long> _refused = new();
    private long _sent, _errors;

    public long Sent => Interlocked.Read(ref _sent);
    public long Errors => Interlocked.Read(ref _errors);
    public IReadOnlyDictionary<string, long> Refused => _refused;
    public HistogramBase AckLatency { get { lock (_gate) return _ackLatency.Copy(); } }

    public IReadOnlyCollection<long> AckedIn(long first, long end) => [.. _acked.Keys.Where(seq => seq >= first && seq < end).Order()];

    /// <summary>
    /// Sends messages [0, total) on schedule; calls <paramref name="onMeasuredStart"/> just before message
    /// <c>window.First</c> and returns once the last one is sent and every call has finished (each is bounded by a timeout).
    /// </summary>
    public async Task RunAsync(long total, Action onMeasuredStart, Action onLastSent)
    {
        var calls = new List<Task>((int)Math.Min(total, 1_000_000));
        var start = Stopwatch.GetTimestamp();
        for (long seq = 0; seq < total; seq++)
        {
            var due = start + seq * Stopwatch.Frequency / rate;
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            if (seq == window.First) onMeasuredStart();
            calls.Add(SendAsync(seq));
        }
        onLastSent();
        await Task.WhenAll(calls);
    }

    private async Task SendAsync(long seq)
    {
        var hub = senders[seq % senders.Length];
        Interlocked.Increment(ref _sent);
        var sent = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(SendTimeout);
        try
        {
            var error = await hub.InvokeAsync("Send", $"[\"{streamId}\",\"{DeliveryRecorder.Text(seq, sent)}\"]", timeout.Token);
            if (error is not null)
            {
                var code = RefusalCode(error);
                if (_refused.AddOrUpdate(code, 1, (_, n) => n + 1) <= 3) Console.Error.WriteLine($"send {seq} refused: {error}");
                return;
            }
            var micros = DeliveryRecorder.Micros(Stopwatch.GetTimestamp() - sent);
            _acked[seq] = true;
            if (window.Contains(seq))
            {
                lock (_gate) _ackLatency.RecordValue(Math.Clamp(micros, 1, DeliveryRecorder.MaxLatencyMicroseconds));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException or System.Net.WebSockets.WebSocketException)
        {
            if (Interlocked.Increment(ref _errors) <= 3) Console.Error.WriteLine($"send {seq} failed: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// The server's message reaches the .NET client as "An unexpected error occurred invoking 'Send' on the server.
    /// HubException: rate_limited: …"; the code is the word before the colon after that prefix.
    /// </summary>
    public static string RefusalCode(string message)
    {
        const string marker = "HubException: ";
        var at = message.IndexOf(marker, StringComparison.Ordinal);
        var text = at >= 0 ? message[(at + marker.Length)..] : message;
        var colon = text.IndexOf(':');
        return colon is > 0 and < 32 && text[..colon].All(c => char.IsAsciiLetterLower(c) || c == '_') ? text[..colon] : "other";
    }
}
