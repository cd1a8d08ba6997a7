using System.Text.Json;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Infrastructure.Events;

public static class EventOutbox
{
    private static readonly JsonSerializerOptions PayloadJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// Queues a domain event inside the caller's transaction, so it exists exactly when its cause does; every silo's
    /// <see cref="EventDispatcher"/> publishes it to the stream (<paramref name="streamNamespace"/>, <paramref name="key"/>).
    /// </summary>
    public static Task AppendAsync(Tx tx, string streamNamespace, Guid key, Guid actorId, string kind, object payload)
    {
        tx.WakeDispatchersOnCommit();
        return tx.ExecuteAsync("""
            INSERT INTO outbox_events (event_id, stream_namespace, stream_key, actor_id, kind, payload)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb)
            """, Guid.CreateVersion7(), streamNamespace, key, actorId, kind, JsonSerializer.Serialize(payload, PayloadJson));
    }
}
