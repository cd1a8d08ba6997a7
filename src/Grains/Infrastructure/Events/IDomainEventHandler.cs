using SocialFlow.Grains.Interfaces.Events;

namespace SocialFlow.Grains.Infrastructure.Events;

/// <summary>
/// Reacts to the events of one namespace (feed fan-out, notifications, …). Registered as a singleton in the silo's
/// services; the namespace's consumer grain runs every handler for it before acknowledging the event, so a handler
/// that throws gets the event again after its lease. Handlers must be idempotent: delivery is at least once.
/// </summary>
public interface IDomainEventHandler
{
    string Namespace { get; }

    Task HandleAsync(DomainEvent evt);
}
