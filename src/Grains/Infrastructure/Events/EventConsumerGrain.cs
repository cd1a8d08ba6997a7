using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;
using SocialFlow.Grains.Interfaces.Events;

namespace SocialFlow.Grains.Infrastructure.Events;

/// <summary>
/// Base of a durable event consumer: an implicit subscriber (<c>[ImplicitStreamSubscription(namespace)]</c> on the
/// derived grain, one activation per entity) that handles each event and then acknowledges it, which marks its outbox
/// row delivered.
/// <para>
/// Rule: each namespace has exactly ONE durable consumer grain kind. The first acknowledgement settles the row, so a
/// second acknowledging kind could lose events after a crash, and a non-acknowledging one gets no re-delivery. Further
/// work on the same events (feeds, notifications, search) is called from that one consumer before it acknowledges.
/// </para>
/// <para>
/// Delivery is at least once, and a re-published event may overtake later ones. Ids seen by this activation are
/// skipped (still acknowledged); effects that must survive a duplicate arriving after deactivation are made idempotent
/// where they are stored (keyed by event id, or guarded by <see cref="DomainEvent.Sequence"/>).
/// </para>
/// <para>
/// Collected after <see cref="IdleLifetime"/> without events, not Orleans' default 15 minutes: a consumer is activated per
/// entity, so a silo taking 300 posts a second held 18,000 idle consumers after a minute, and would hold 270,000 after
/// fifteen. An entity's events come close together (a video's creation, upload and processing); a later one activates
/// the consumer again.
/// </para>
/// </summary>
[CollectionAgeLimit(IdleLifetime)]
public abstract class EventConsumerGrain(EventAcks acks, ILogger logger)
    : Grain, IGrainWithGuidKey, IStreamSubscriptionObserver, IAsyncObserver<DomainEvent>
{
    public const string IdleLifetime = "00:02:00";
    private readonly RecentIds _handled = new(capacity: 1024);

    protected abstract Task HandleAsync(DomainEvent evt);

    /// <summary>Queues the acknowledgement; called for every delivery, duplicates included (their first ack may have been lost).</summary>
    protected virtual void Acknowledge(DomainEvent evt) => acks.Ack(evt.Sequence);

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<DomainEvent>().ResumeAsync(this);

    public async Task OnNextAsync(DomainEvent evt, StreamSequenceToken? token = null)
    {
        // A stopping silo hands the event back unacknowledged (another silo publishes it again after its lease):
        // a handler started now runs into grains being deactivated and held the silo's shutdown up past its timeout.
        if (ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested) return;
        if (!_handled.Contains(evt.EventId))
        {
            try
            {
                await HandleAsync(evt);
            }
            catch (Exception e)
            {
                // Not thrown back to the stream, which would stall this stream's later events: unacknowledged, the
                // event is published again when its lease lapses.
                logger.LogWarning(e, "Handling event {EventId} ({Kind} of {EntityId}) failed", evt.EventId, evt.Kind, evt.EntityId);
                return;
            }
            _handled.Add(evt.EventId);
        }
        Acknowledge(evt);
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
