using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace SocialFlow.Cluster.Tests.Infrastructure;

/// <summary>One POST /like of the load and its answer, timed on the cluster's clock.</summary>
public sealed record LikeAttempt(
    int Seq, Guid UserId, Guid VideoId, TimeSpan StartedAt, TimeSpan Took, int? Status, bool HasRetryAfter, bool? Liked, bool? Changed, string? Error)
{
    public TimeSpan EndedAt => StartedAt + Took;

    /// <summary>The API said the like is durable: 200 with liked = true.</summary>
    public bool Acknowledged => Status == 200 && Liked == true && Error is null;

    /// <summary>The documented "outcome unknown, try again" answer.</summary>
    public bool RetryLater => Status == 503 && HasRetryAfter;

    public override string ToString() =>
        $"{StartedAt.TotalSeconds,7:0.000}s #{Seq,-5} {VideoId:N} by {UserId:N} {(Status?.ToString() ?? "---")} "
        + $"{(HasRetryAfter ? "Retry-After " : "")}{Took.TotalMilliseconds,6:0} ms {Error}";
}

/// <summary>
/// A bounded like load: <c>workers</c> loops, each taking the next (user, video) pair of a fixed list, so every pair is
/// liked at most once, and together sending at most <c>perSecond</c>; it stops at the end of the list or once
/// <c>duration</c> has passed. A worker waits for an answer at most <see cref="Patience"/> and then goes on, leaving the
/// request running (at most <c>maxInFlight</c> in all): requests in flight when a silo dies hang until the API host's
/// Orleans response timeout (10 s), and workers that waited for them would stop showing whether new requests are
/// served. Every answer is recorded; nothing is retried (a retry would hide which request was acknowledged).
/// </summary>
public sealed class LikeLoad : IDisposable
{
    // Longer than the API host's Orleans response timeout (10 s), so a stuck request still gets its answer (a 503).
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(1);
    private readonly LocalCluster _cluster;
    private readonly IReadOnlyList<(LoadUser User, Guid Video)> _pairs;
    private readonly TimeSpan _interval;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentQueue<LikeAttempt> _attempts = new();
    private readonly ConcurrentQueue<Task> _requests = new();
    private Task _workers = Task.CompletedTask;
    private int _next = -1;

    private LikeLoad(LocalCluster cluster, IReadOnlyList<(LoadUser, Guid)> pairs, TimeSpan interval, int maxInFlight)
    {
        (_cluster, _pairs, _interval, _slots) = (cluster, pairs, interval, new SemaphoreSlim(maxInFlight));
        _http = new HttpClient { BaseAddress = cluster.Api.BaseAddress, Timeout = RequestTimeout };
    }

    public TimeSpan StartedAt { get; private set; }
    public TimeSpan Until { get; private set; }
    public IReadOnlyList<LikeAttempt> Attempts => [.. _attempts.OrderBy(a => a.StartedAt)];

    public static LikeLoad Start(
        LocalCluster cluster, IReadOnlyList<(LoadUser User, Guid Video)> pairs, int workers, int perSecond, int maxInFlight, TimeSpan duration)
    {
        var load = new LikeLoad(cluster, pairs, TimeSpan.FromSeconds((double)workers / perSecond), maxInFlight);
        (load.StartedAt, load.Until) = (cluster.Elapsed, cluster.Elapsed + duration);
        load._workers = Task.WhenAll(Enumerable.Range(1, workers).Select(_ => Task.Run(load.RunWorkerAsync)));
        return load;
    }

    /// <summary>Waits for the workers to stop and every request to be answered (or to time out).</summary>
    public async Task WaitAsync()
    {
        var limit = Until - _cluster.Elapsed + RequestTimeout + TimeSpan.FromSeconds(10);
        await _workers.WaitAsync(limit);
        await Task.WhenAll(_requests).WaitAsync(limit);
    }

    public void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
    }

    private async Task RunWorkerAsync()
    {
        var due = _cluster.Elapsed;
        int i;
        while (_cluster.Elapsed < Until && (i = Interlocked.Increment(ref _next)) < _pairs.Count)
        {
            if (due - _cluster.Elapsed is { Ticks: > 0 } wait) await Task.Delay(wait);
            due = (due > _cluster.Elapsed ? due : _cluster.Elapsed) + _interval; // no catching up after a slow answer
            if (Until - _cluster.Elapsed is not { Ticks: > 0 } left || !await _slots.WaitAsync(left)) break;
            var (user, video) = _pairs[i];
            var request = RunAsync(i + 1, user, video);
            _requests.Enqueue(request);
            await Task.WhenAny(request, Task.Delay(Patience));
        }
    }

    private async Task RunAsync(int seq, LoadUser user, Guid video)
    {
        try
        {
            _attempts.Enqueue(await LikeAsync(seq, user, video));
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<LikeAttempt> LikeAsync(int seq, LoadUser user, Guid video)
    {
        var started = _cluster.Elapsed;
        try
        {
            using var response = await _http.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{video}/like", null, user.Token);
            bool? liked = null, changed = null;
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var body = await response.ReadJsonAsync();
                (liked, changed) = (body.GetProperty("liked").GetBoolean(), body.GetProperty("changed").GetBoolean());
            }
            else
            {
                await response.Content.LoadIntoBufferAsync();
            }
            return new(seq, user.Id, video, started, _cluster.Elapsed - started, (int)response.StatusCode,
                response.Headers.RetryAfter is not null, liked, changed, null);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            var error = e is OperationCanceledException ? $"no answer within {RequestTimeout.TotalSeconds:0} s" : $"{e.GetType().Name}: {e.Message}";
            return new(seq, user.Id, video, started, _cluster.Elapsed - started, null, false, null, null, error);
        }
    }
}
