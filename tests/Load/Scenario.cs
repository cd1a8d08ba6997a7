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

    public double RequestsPerSecond => Requests / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Runs <paramref name="connections"/> closed-loop workers for <paramref name="duration"/>; records only if <paramref name="measure"/>.</summary>
    public async Task RunAsync(HttpClient http, int connections, TimeSpan duration, bool measure)
    {
        var started = Stopwatch.StartNew();
        var until = DateTime.UtcNow + duration;
        var workers = Enumerable.Range(0, connections).Select(seed => Task.Run(() => WorkerAsync(http, until, seed))).ToArray();
        var results = await Task.WhenAll(workers);
        started.Stop();
        if (!measure) return;
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
            try
            {
                using var response = await http.SendAsync(request);
                if (response.IsSuccessStatusCode)
                {
                    if (onSuccess is not null) await onSuccess(response);
                    else await response.Content.ReadAsByteArrayAsync();
                }
                else
                {
                    errors++;
                    statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
                }
            }
            catch (HttpRequestException)
            {
                errors++;
                statuses[0] = statuses.GetValueOrDefault(0) + 1;
            }
            histogram.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(t0).TotalMicroseconds));
            requests++;
        }
        return (histogram, requests, errors, statuses);
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
