using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace SocialFlow.Cluster.Tests.Infrastructure;

/// <summary>One POST /live/{id}/chat and its answer, timed on the cluster's clock; a 201's message as the API returned it.</summary>
public sealed record ChatAttempt(
    int Seq, Guid UserId, Guid StreamId, string Text, TimeSpan StartedAt, TimeSpan Took, int? Status, bool HasRetryAfter,
    Guid? MessageId, DateTimeOffset? SentAt, string? Error)
{
    public TimeSpan EndedAt => StartedAt + Took;

    /// <summary>The API said the message is stored: 201 with the message as sent.</summary>
    public bool Acknowledged => Status == 201 && MessageId is not null && Error is null;

    /// <summary>The documented "outcome unknown, try again" answer.</summary>
    public bool RetryLater => Status == 503 && HasRetryAfter;

    public override string ToString() =>
        $"{StartedAt.TotalSeconds,7:0.000}s #{Seq,-5} room {StreamId:N} by {UserId:N} {(Status?.ToString() ?? "---")} "
        + $"{(HasRetryAfter ? "Retry-After " : "")}{Took.TotalMilliseconds,6:0} ms {Error}";
}

/// <summary>
/// A bounded chat load: (user, room) pairs take turns, one message each at a time, at most <c>perSecond</c> in all and
/// <c>maxInFlight</c> unanswered, until <c>duration</c> has passed. A pair sends again only <see cref="PairSpacing"/>
/// after its previous answer: the room timed that send before answering, so the room never sees more than 3 sends of a
/// user within 2 s (its production rate limit) and a 429 means the pacing is wrong. Requests stuck on a dead silo do not
/// hold the load up: other pairs go on. Every text is unique; nothing is retried.
/// </summary>
public sealed class ChatLoad : IDisposable
{
    // Longer than the API host's Orleans response timeout (10 s), so a stuck request still gets its answer (a 503).
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan PairSpacing = TimeSpan.FromMilliseconds(800);
    private static readonly TimeSpan MaxCatchUp = TimeSpan.FromMilliseconds(50);
    private readonly LocalCluster _cluster;
    private readonly TimeSpan _interval;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentQueue<Pair> _idle; // by the end of their previous answer: the head is the first to be ready
    private readonly ConcurrentQueue<ChatAttempt> _attempts = new();
    private readonly ConcurrentQueue<Task> _requests = new();
    private Task _schedule = Task.CompletedTask;
    private int _seq;

    private sealed class Pair(LoadUser user, Guid stream)
    {
        public LoadUser User { get; } = user;
        public Guid Stream { get; } = stream;
        public TimeSpan ReadyAt { get; set; }
    }

    private ChatLoad(LocalCluster cluster, IEnumerable<(LoadUser, Guid)> pairs, TimeSpan interval, int maxInFlight)
    {
        (_cluster, _interval, _slots) = (cluster, interval, new SemaphoreSlim(maxInFlight));
        _idle = new(pairs.Select(p => new Pair(p.Item1, p.Item2)));
        _http = new HttpClient { BaseAddress = cluster.Api.BaseAddress, Timeout = RequestTimeout };
    }

    public TimeSpan StartedAt { get; private set; }
    public TimeSpan Until { get; private set; }
    public IReadOnlyList<ChatAttempt> Attempts => [.. _attempts.OrderBy(a => a.StartedAt)];

    public static ChatLoad Start(
        LocalCluster cluster, IReadOnlyList<(LoadUser User, Guid Stream)> pairs, int perSecond, int maxInFlight, TimeSpan duration)
    {
        var load = new ChatLoad(cluster, pairs, TimeSpan.FromSeconds(1.0 / perSecond), maxInFlight);
        (load.StartedAt, load.Until) = (cluster.Elapsed, cluster.Elapsed + duration);
        load._schedule = Task.Run(load.ScheduleAsync);
        return load;
    }

    /// <summary>Waits for the schedule to stop and every request to be answered (or to time out).</summary>
    public async Task WaitAsync()
    {
        var limit = Until - _cluster.Elapsed + RequestTimeout + TimeSpan.FromSeconds(10);
        await _schedule.WaitAsync(limit);
        await Task.WhenAll(_requests).WaitAsync(limit);
    }

    /// <summary>Sends one message outside the schedule (recorded like the load's).</summary>
    public async Task<ChatAttempt> SendAsync(LoadUser user, Guid stream)
    {
        var attempt = await PostAsync(Interlocked.Increment(ref _seq), user, stream);
        _attempts.Enqueue(attempt);
        return attempt;
    }

    public void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
    }

    private async Task ScheduleAsync()
    {
        var due = _cluster.Elapsed;
        while (true)
        {
            if (due - _cluster.Elapsed is { Ticks: > 0 } wait) await Task.Delay(wait);
            // Timer ticks are coarser than the interval, so the schedule catches up, but by at most MaxCatchUp after a stall.
            due = (due > _cluster.Elapsed - MaxCatchUp ? due : _cluster.Elapsed - MaxCatchUp) + _interval;
            if (Until - _cluster.Elapsed is not { Ticks: > 0 } left || !await _slots.WaitAsync(left)) return;
            if (!_idle.TryDequeue(out var pair))
            {
                _slots.Release(); // every pair is waiting for an answer
                continue;
            }
            if (pair.ReadyAt - _cluster.Elapsed is { Ticks: > 0 } early) await Task.Delay(early);
            if (_cluster.Elapsed >= Until)
            {
                _slots.Release();
                return;
            }
            _requests.Enqueue(RunAsync(pair));
        }
    }

    private async Task RunAsync(Pair pair)
    {
        try
        {
            await SendAsync(pair.User, pair.Stream);
        }
        finally
        {
            pair.ReadyAt = _cluster.Elapsed + PairSpacing;
            _idle.Enqueue(pair);
            _slots.Release();
        }
    }

    private async Task<ChatAttempt> PostAsync(int seq, LoadUser user, Guid stream)
    {
        var text = $"chat {seq} {Guid.NewGuid():N}";
        var started = _cluster.Elapsed;
        Guid? id = null;
        DateTimeOffset? sentAt = null;
        string? error = null;
        try
        {
            using var response = await _http.SendJsonAsync(HttpMethod.Post, $"/api/v1/live/{stream}/chat", new { text }, user.Token);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var message = JsonDocument.Parse(body).RootElement;
                (id, sentAt) = (Guid.Parse(message.GetProperty("id").GetString()!), message.GetProperty("sent_at").GetDateTimeOffset());
                if (message.GetProperty("text").GetString() != text || message.GetProperty("stream_id").GetGuid() != stream
                    || message.GetProperty("user_id").GetGuid() != user.Id)
                {
                    error = $"201 for another message: {body}";
                }
            }
            else if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                error = body.Length > 300 ? body[..300] : body;
            }
            return new(seq, user.Id, stream, text, started, _cluster.Elapsed - started, (int)response.StatusCode,
                response.Headers.RetryAfter is not null, id, sentAt, error);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            error = e is OperationCanceledException ? $"no answer within {RequestTimeout.TotalSeconds:0} s" : $"{e.GetType().Name}: {e.Message}";
            return new(seq, user.Id, stream, text, started, _cluster.Elapsed - started, null, false, null, null, error);
        }
    }
}
