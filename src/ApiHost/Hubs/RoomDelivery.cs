using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.Grains.Interfaces.Live.Chat;

namespace SocialFlow.ApiHost.Hubs;

/// <summary>
/// This host's chat delivery for one room. The room's batches are queued and the Orleans call returns at once; a pump
/// takes everything queued as one batch, leaves out messages older than MaxDeliveryDelay, serializes once and offers
/// the batch to each local connection's <see cref="ChatOutbox"/>. Pumps are at least PushInterval apart: the first
/// message after a quiet spell goes at once, a busy room's messages go out together, so that every connection gets
/// fewer, larger frames (each frame costs the host and every client about as much as many messages in it).
/// Delay is measured from the room's acceptance (sent_at; hosts' clocks are assumed in sync to well under
/// SlowDownDelay): past SlowDownDelay the room is asked to refuse sends for a while.
/// </summary>
public sealed class RoomDelivery(
    Guid streamId, LiveHubOptions options, TimeProvider clock, Action<Guid, TimeSpan> slowDown, Histogram<double> deliveryDelay, ILogger logger)
{
    private readonly Dictionary<string, ChatOutbox> _outboxes = [];
    private readonly Lock _lock = new();
    private ChatOutbox[]? _targets;
    private List<ChatMessage> _queued = [];
    private bool _pumping;
    private long _lastPump; // a clock timestamp; 0 is long ago
    private ITimer? _timer;
    private DateTimeOffset _nextAsk;

    public void Add(string connectionId, ChatOutbox outbox)
    {
        lock (_lock) (_outboxes[connectionId], _targets) = (outbox, null);
    }

    /// <summary>True when no local connection is left.</summary>
    public bool Remove(string connectionId)
    {
        lock (_lock)
        {
            if (_outboxes.Remove(connectionId)) _targets = null;
            return _outboxes.Count == 0;
        }
    }

    public void Post(ChatMessage[] messages)
    {
        lock (_lock)
        {
            _queued.AddRange(messages);
            if (_pumping) return;
            _pumping = true;
        }
        Schedule();
    }

    /// <summary>Pumps now, or when PushInterval has passed since the last pump.</summary>
    private void Schedule()
    {
        var wait = options.PushInterval - clock.GetElapsedTime(Volatile.Read(ref _lastPump));
        if (wait <= TimeSpan.Zero)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static self => self.Pump(), this, preferLocal: false);
            return;
        }
        lock (_lock) _timer ??= clock.CreateTimer(static self => ((RoomDelivery)self!).Pump(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(wait, Timeout.InfiniteTimeSpan);
    }

    /// <summary>A thread-pool work item: an exception must not end the process, nor the room's delivery.</summary>
    private void Pump()
    {
        try
        {
            PumpQueued();
        }
        catch (Exception e)
        {
            logger.LogError(e, "Live room {Stream}: chat delivery failed; the queued messages are dropped (they are in the history)", streamId);
            lock (_lock) (_queued, _pumping) = ([], false);
            return;
        }
        lock (_lock)
        {
            if (_queued.Count == 0)
            {
                _pumping = false;
                return;
            }
        }
        Schedule(); // what came during this pump waits for the next
    }

    private void PumpQueued()
    {
        List<ChatMessage> batch;
        ChatOutbox[] targets;
        lock (_lock)
        {
            (batch, _queued) = (_queued, []);
            targets = _targets ??= [.. _outboxes.Values];
        }
        Volatile.Write(ref _lastPump, clock.GetTimestamp());
        if (batch.Count == 0) return;
        var now = clock.GetUtcNow();
        var oldest = now - batch.Min(m => m.SentAt);
        deliveryDelay.Record(Math.Max(0, oldest.TotalSeconds));
        if (oldest > options.SlowDownDelay) AskToSlowDown(now);
        var fresh = batch.Where(m => now - m.SentAt <= options.MaxDeliveryDelay).Select(ChatMessageResponse.From).ToArray();
        if (fresh.Length == 0 || targets.Length == 0) return;
        var serialized = new SerializedHubMessage(new InvocationMessage(LiveHub.ChatEvent, [fresh]));
        var behind = 0;
        foreach (var outbox in targets)
        {
            if (now - outbox.Offer(serialized, fresh) > options.SlowDownDelay) behind++;
        }
        if (behind * 2 > targets.Length) AskToSlowDown(now); // most connections behind: the host, not a few slow clients
    }

    /// <summary>At most about twice per refusal period, so an overloaded host adds few calls.</summary>
    private void AskToSlowDown(DateTimeOffset now)
    {
        if (now < _nextAsk) return;
        _nextAsk = now + options.SlowDownRetryAfter / 2;
        slowDown(streamId, options.SlowDownRetryAfter);
    }
}
