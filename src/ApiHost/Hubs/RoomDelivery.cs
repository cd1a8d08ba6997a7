using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.Grains.Interfaces.Live.Chat;

namespace SocialFlow.ApiHost.Hubs;

/// <summary>
/// This host's chat delivery for one room. The room's batches are queued and the Orleans call returns at once; one
/// loop per room takes everything queued as one batch (so batches grow, and cost less per message, under load),
/// leaves out messages older than MaxDeliveryDelay, serializes once and offers the batch to each local connection's
/// <see cref="ChatOutbox"/>. Delay is measured from the room's acceptance (sent_at; hosts' clocks are assumed in sync
/// to well under SlowDownDelay): past SlowDownDelay the room is asked to refuse sends for a while.
/// </summary>
public sealed class RoomDelivery(Guid streamId, LiveHubOptions options, TimeProvider clock, Action<Guid, TimeSpan> slowDown, ILogger logger)
{
    private readonly Dictionary<string, ChatOutbox> _outboxes = [];
    private readonly Lock _lock = new();
    private ChatOutbox[]? _targets;
    private List<ChatMessage> _queued = [];
    private bool _pumping;
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
        ThreadPool.UnsafeQueueUserWorkItem(static self => self.Pump(), this, preferLocal: false);
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
        }
    }

    private void PumpQueued()
    {
        while (true)
        {
            List<ChatMessage> batch;
            ChatOutbox[] targets;
            lock (_lock)
            {
                if (_queued.Count == 0)
                {
                    _pumping = false;
                    return;
                }
                (batch, _queued) = (_queued, []);
                targets = _targets ??= [.. _outboxes.Values];
            }
            var now = clock.GetUtcNow();
            if (now - batch.Min(m => m.SentAt) > options.SlowDownDelay) AskToSlowDown(now);
            var fresh = batch.Where(m => now - m.SentAt <= options.MaxDeliveryDelay).Select(ChatMessageResponse.From).ToArray();
            if (fresh.Length == 0 || targets.Length == 0) continue;
            var serialized = new SerializedHubMessage(new InvocationMessage(LiveHub.ChatEvent, [fresh]));
            foreach (var outbox in targets) outbox.Offer(serialized, fresh);
        }
    }

    /// <summary>At most about twice per refusal period, so an overloaded host adds few calls.</summary>
    private void AskToSlowDown(DateTimeOffset now)
    {
        if (now < _nextAsk) return;
        _nextAsk = now + options.SlowDownRetryAfter / 2;
        slowDown(streamId, options.SlowDownRetryAfter);
    }
}
