namespace SocialFlow.Grains.Interfaces.Events;

/// <summary>
/// One outbox row as published on a stream. Delivery is at least once and not ordered across re-publishes:
/// consumers dedupe by <see cref="EventId"/> and may use <see cref="Sequence"/> (increasing per entity, since one
/// grain writes an entity's events one transaction after another) to ignore stale ones.
/// </summary>
[GenerateSerializer, Immutable, Alias("domain-event-v1")]
public sealed record DomainEvent(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string Kind,
    [property: Id(3)] Guid EntityId,
    [property: Id(4)] Guid ActorId,
    [property: Id(5)] DateTimeOffset OccurredAt,
    /// <summary>A small JSON object (snake_case), specific to the kind.</summary>
    [property: Id(6)] string Payload);
