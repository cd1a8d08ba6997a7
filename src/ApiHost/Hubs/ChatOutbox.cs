using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using SocialFlow.ApiHost.Contracts;

namespace SocialFlow.ApiHost.Hubs;

/// <summary>
/// One connection's chat pushes for one room, at most one write in flight. While SignalR's buffer for the connection
/// is full (SendBufferBytes), new messages wait in a bounded channel that drops the oldest; when the write finishes,
/// what waited goes out as one "chat" batch, less what is older than MaxDeliveryDelay by then. So a connection that
/// cannot keep up gets fewer messages, never an ever older backlog, and nobody else waits for it.
/// </summary>
public sealed class ChatOutbox
{
    private readonly HubConnectionContext _connection;
    private readonly TimeSpan _maxDelay;
    private readonly TimeProvider _clock;
    private readonly Channel<ChatMessageResponse> _waiting;
    private readonly Lock _lock = new();
    private bool _writing;
    private DateTimeOffset? _waitingSince;

    public ChatOutbox(HubConnectionContext connection, int backlog, TimeSpan maxDelay, TimeProvider clock)
    {
        (_connection, _maxDelay, _clock) = (connection, maxDelay, clock);
        _waiting = Channel.CreateBounded<ChatMessageResponse>(
            new BoundedChannelOptions(backlog) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    }

    /// <summary>
    /// Writes the room's batch (serialized once for all its connections) now, or keeps its messages for the next write.
    /// Returns when the oldest message still waiting for this connection was accepted by the room (null: none waits).
    /// </summary>
    public DateTimeOffset? Offer(SerializedHubMessage batch, ChatMessageResponse[] messages)
    {
        lock (_lock)
        {
            if (_writing)
            {
                foreach (var m in messages) _waiting.Writer.TryWrite(m);
                return _waitingSince ??= messages[0].SentAt;
            }
            _writing = true;
        }
        Write(batch);
        return null;
    }

    private void Write(SerializedHubMessage? batch)
    {
        while (batch is not null)
        {
            var write = _connection.WriteAsync(batch);
            if (!write.IsCompletedSuccessfully)
            {
                _ = ContinueAfterAsync(write);
                return;
            }
            write.GetAwaiter().GetResult();
            batch = Next();
        }
    }

    private async Task ContinueAfterAsync(ValueTask write)
    {
        try
        {
            await write;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is closing (SignalR aborts it on a failed write); what follows returns at once.
        }
        Write(Next());
    }

    /// <summary>What waited, as one batch without what is too old by now; null (and no longer writing) when nothing is left.</summary>
    private SerializedHubMessage? Next()
    {
        lock (_lock)
        {
            var oldest = _clock.GetUtcNow() - _maxDelay;
            _waitingSince = null;
            List<ChatMessageResponse> fresh = [];
            while (_waiting.Reader.TryRead(out var m))
            {
                if (m.SentAt >= oldest) fresh.Add(m);
            }
            if (fresh.Count == 0)
            {
                _writing = false;
                return null;
            }
            return new SerializedHubMessage(new InvocationMessage(LiveHub.ChatEvent, [fresh.ToArray()]));
        }
    }
}
