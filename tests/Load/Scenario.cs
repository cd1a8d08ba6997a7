using System.Diagnostics;
using System.Net.Http.Headers;
using HdrHistogram;

namespace SocialFlow.Load;

/// <summary>One kind of request, its latencies (µs, HdrHistogram) and counts, accumulated over the measured rounds.</summary>
public sealed class Scenario(string key, string name, Func<Random, HttpRequestMessage> makeRequest, Func<HttpResponseMessage, Task>? onSuccess = null)
{
    public string Key { get; } = key;
    public string Name { get; } = name;
    public LongHistogram Latency { get; } = new(60_000_000, 3);
    public long Requests { get; private set; }
    public long Errors { get; private set; }
    public TimeSpan Elapsed { get; private set; }
    public Dictionary<int, long> ErrorStatuses { get; } = [];

    /// <summary>Where open-loop runs append each request's send time and latency (--timeline), or null.</summary>
    public static string? TimelineDirectory { get; set; }

    /// <summary>CPU the host process used during the measured runs (when its process id was given).</summary>
    public TimeSpan? HostCpu { get; private set; }

    public double RequestsPerSecond => Requests / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>The host's CPU microseconds per request: steadier than a rate on a shared machine, as other processes'
    /// load stretches the wall time of a request more than its CPU time.</summary>
    public double? HostMicrosecondsPerRequest => HostCpu is { } cpu && Requests > 0 ? cpu.TotalMicroseconds / Requests : null;

    /// <summary>Runs <paramref name="connections"/> closed-loop workers for <paramref name="duration"/>; records only if <paramref name="measure"/>,
    /// with the CPU of the host process <paramref name="hostPid"/> if given.</summary>
    public async Task RunAsync(HttpClient http, int connections, TimeSpan duration, bool measure, int? hostPid = null)
    {
        var cpuFrom = measure && hostPid is { } pid ? ProcessCpu.Read(pid) : null;
        var started = Stopwatch.StartNew();
        var until = DateTime.UtcNow + duration;
        var workers = Enumerable.Range(0, connections).Select(seed => Task.Run(() => WorkerAsync(http, until, seed))).ToArray();
        var results = await Task.WhenAll(workers);
        started.Stop();
        if (!measure) return;
        if (cpuFrom is { } from && ProcessCpu.Read(hostPid!.Value) is { } to) HostCpu = (HostCpu ?? TimeSpan.Zero) + (to.Cpu - from.Cpu);
        Elapsed += started.Elapsed;
        foreach (var (histogram, requests, errors, statuses) in results)
        {
            Latency.Add(histogram);
            Requests += requests;
            Errors += errors;
            foreach (var (status, n) in statuses) ErrorStatuses[status] = ErrorStatuses.GetValueOrDefault(status) + n;
        }
    }

    private async Task<(LongHistogram, long, long, Dictionary<int, long>)> WorkerAsync(HttpClient http, DateTime until, int seed)
    {
        var histogram = new LongHistogram(60_000_000, 3);
        var random = new Random(HashCode.Combine(seed, Environment.TickCount));
        var statuses = new Dictionary<int, long>();
        long requests = 0, errors = 0;
        while (DateTime.UtcNow < until)
        {
            using var request = makeRequest(random);
            var t0 = Stopwatch.GetTimestamp();
            if (await SendAsync(http, request) is { } status)
            {
                errors++;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }
            histogram.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(t0).TotalMicroseconds));
            requests++;
        }
        return (histogram, requests, errors, statuses);
    }

    /// <summary>
    /// Open loop: starts <paramref name="perSecond"/> requests a second on schedule for <paramref name="duration"/>, whether or
    /// not earlier ones have answered (at most <paramref name="maxInFlight"/> at once). The latency a client sees at that
    /// load, which a closed loop at saturation does not show: there, latency is the queue. A request held back because
    /// <paramref name="maxInFlight"/> were waiting counts from when it was due, so a stall counts against every request
    /// it held up (no coordinated omission); otherwise from when it was sent, so that this process's own timer (a
    /// wake-up a millisecond or more late on a busy machine) is not counted as the server's time.
    /// </summary>
    public async Task RunAtRateAsync(HttpClient http, double perSecond, TimeSpan duration, bool measure, int maxInFlight = 256)
    {
        var histogram = new LongHistogram(60_000_000, 3);
        var random = new Random(Environment.TickCount);
        var statuses = new Dictionary<int, long>();
        var gate = new SemaphoreSlim(maxInFlight);
        var sends = new List<Task>();
        long errors = 0;
        var count = (long)(duration.TotalSeconds * perSecond);
        var clock = Stopwatch.StartNew();
        var startedAt = DateTime.UtcNow;
        var timeline = TimelineDirectory is null ? null : new List<(TimeSpan Sent, TimeSpan Latency)>();

        async Task SendOneAsync(HttpRequestMessage request, TimeSpan from)
        {
            using (request)
            {
                var status = await SendAsync(http, request);
                var latency = clock.Elapsed - from;
                lock (histogram)
                {
                    histogram.RecordValue(Math.Max(1, (long)latency.TotalMicroseconds));
                    timeline?.Add((from, latency));
                    if (status is { } refused)
                    {
                        errors++;
                        statuses[refused] = statuses.GetValueOrDefault(refused) + 1;
                    }
                }
            }
            gate.Release();
        }

        for (long i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var held = !gate.Wait(0);
            if (held) await gate.WaitAsync();
            sends.Add(SendOneAsync(makeRequest(random), held ? due : clock.Elapsed));
        }
        await Task.WhenAll(sends);
        if (!measure) return;
        if (timeline is not null) WriteTimeline(startedAt, timeline);
        Elapsed += clock.Elapsed;
        Latency.Add(histogram);
        Requests += count;
        Errors += errors;
        foreach (var (status, n) in statuses) ErrorStatuses[status] = ErrorStatuses.GetValueOrDefault(status) + n;
    }

    /// <summary>Sends and reads the answer: null when it succeeded, else its status (0: no answer).</summary>
    private async Task<int?> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        try
        {
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode) return (int)response.StatusCode;
            if (onSuccess is not null) await onSuccess(response);
            else await response.Content.ReadAsByteArrayAsync();
            return null;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private void WriteTimeline(DateTime startedAt, List<(TimeSpan Sent, TimeSpan Latency)> timeline)
    {
        var file = Path.Combine(TimelineDirectory!, string.Concat(Name.Select(c => char.IsLetterOrDigit(c) ? c : '_')) + ".tsv");
        File.AppendAllLines(file, timeline.OrderBy(t => t.Sent).Select(t => $"{startedAt + t.Sent:O}\t{t.Latency.TotalMilliseconds:0.000}"));
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
