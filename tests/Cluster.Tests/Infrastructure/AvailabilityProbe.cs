using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace SocialFlow.Cluster.Tests.Infrastructure;

/// <summary>What a client saw: one request of the probe, timed on the cluster's clock.</summary>
public sealed record Observation(int Chain, TimeSpan StartedAt, TimeSpan Took, string Operation, int? Status, bool HasRetryAfter, string? Error)
{
    public bool Succeeded => Status is >= 200 and < 300 && Error is null;

    /// <summary>Success, or the documented "try again" answer; never a 500, another status, or no answer.</summary>
    public bool Acceptable => Succeeded || (Status == 503 && HasRetryAfter);

    public override string ToString() =>
        $"{StartedAt.TotalSeconds,7:0.000}s #{Chain,-3} {Operation,-5} {(Status?.ToString() ?? "---")} {(HasRetryAfter ? "Retry-After " : "")}{Took.TotalMilliseconds,6:0} ms {Error}";
}

/// <summary>
/// A client population: every <see cref="Interval"/> a new chain signs the user in and, if that worked, reads
/// /users/me with the fresh token; every answer is recorded. Chains start on schedule whatever earlier ones
/// are doing, so a request stuck on a dead silo does not hide when new requests are served again.
/// </summary>
public sealed class AvailabilityProbe : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    // Longer than Orleans' response timeout (30 s): a request stuck on a dead silo must still get an answer, a 503.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(40);
    private readonly LocalCluster _cluster;
    private readonly TestUser _user;
    private readonly HttpClient _http;
    private readonly ConcurrentQueue<Observation> _observations = new();
    private readonly ConcurrentDictionary<int, Task> _chains = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _schedule = Task.CompletedTask;

    private AvailabilityProbe(LocalCluster cluster, TestUser user)
    {
        (_cluster, _user) = (cluster, user);
        _http = new HttpClient { BaseAddress = cluster.Api.BaseAddress, Timeout = RequestTimeout };
    }

    public IReadOnlyList<Observation> Observations => [.. _observations];

    public static AvailabilityProbe Start(LocalCluster cluster, TestUser user)
    {
        var probe = new AvailabilityProbe(cluster, user);
        probe._schedule = Task.Run(probe.ScheduleAsync);
        return probe;
    }

    /// <summary>Waits for a chain that signed in at or after <paramref name="since"/> and then read /users/me; returns when that read ended.</summary>
    public async Task<TimeSpan> WaitForSuccessAsync(TimeSpan since, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            var recovered = Observations.GroupBy(o => o.Chain)
                .Where(c => c.Any(o => o is { Operation: "login", Succeeded: true } && o.StartedAt >= since))
                .SelectMany(c => c.Where(o => o is { Operation: "me", Succeeded: true }))
                .MinBy(o => o.StartedAt + o.Took);
            if (recovered is not null) return recovered.StartedAt + recovered.Took;
            if (_schedule.IsFaulted) await _schedule;
            await Task.Delay(100);
        }
        throw new TimeoutException($"no sign-in and /users/me started after {since.TotalSeconds:0.000}s succeeded within {timeout.TotalSeconds:0} s:\n{Report()}");
    }

    /// <summary>Starts no more chains, and waits for the answers to requests still in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _schedule;
        await Task.WhenAll(_chains.Values).WaitAsync(RequestTimeout * 2 + TimeSpan.FromSeconds(5));
    }

    public string Report() => string.Join('\n', Observations.OrderBy(o => o.StartedAt).Select(o => o.ToString()));

    public string Summary()
    {
        var all = Observations;
        var byStatus = all.GroupBy(o => o.Status?.ToString() ?? "no answer").OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}");
        var slow = all.Where(o => o.Took > TimeSpan.FromSeconds(2)).OrderBy(o => o.StartedAt).Select(o => o.ToString().Trim()).ToList();
        return $"{all.Count} requests ({string.Join(", ", byStatus)}), slowest {all.Max(o => o.Took).TotalMilliseconds:0} ms"
            + (slow.Count > 0 ? "; slower than 2 s:\n  " + string.Join("\n  ", slow) : "");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (TimeoutException)
        {
            // A test failure is already on its way; do not hide it.
        }
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task ScheduleAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        var chain = 0;
        do
        {
            var id = ++chain;
            _chains[id] = Task.Run(() => RunChainAsync(id));
        }
        while (await WaitNextAsync(timer));
    }

    private async Task<bool> WaitNextAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task RunChainAsync(int chain)
    {
        string? token = null;
        await ObserveAsync(chain, "login", async () =>
        {
            var response = await _http.PostJsonAsync("/api/v1/auth/login", new { login = _user.Username, password = _user.Password });
            if (response.StatusCode == HttpStatusCode.OK) token = (await response.ReadAsync<Tokens>()).AccessToken;
            return response;
        });
        if (token is null) return;
        await ObserveAsync(chain, "me", async () =>
        {
            var response = await _http.GetAsync("/api/v1/users/me", token);
            if (response.StatusCode == HttpStatusCode.OK && (await response.ReadJsonAsync()).GetProperty("username").GetString() != _user.Username)
            {
                throw new InvalidOperationException("/users/me answered for another user");
            }
            return response;
        });
    }

    private async Task ObserveAsync(int chain, string operation, Func<Task<HttpResponseMessage>> send)
    {
        var started = _cluster.Elapsed;
        Observation observation;
        try
        {
            using var response = await send();
            observation = new(chain, started, _cluster.Elapsed - started, operation, (int)response.StatusCode, response.Headers.RetryAfter is not null, null);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException or System.Text.Json.JsonException)
        {
            var error = e is OperationCanceledException ? $"no answer within {RequestTimeout.TotalSeconds:0} s" : $"{e.GetType().Name}: {e.Message}";
            observation = new(chain, started, _cluster.Elapsed - started, operation, null, false, error);
        }
        _observations.Enqueue(observation);
    }
}
