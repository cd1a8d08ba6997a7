using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Interfaces.Events;

namespace SocialFlow.Grains.Infrastructure.Events;

/// <summary>
/// The durable consumer of one namespace: runs that namespace's handlers side by side (they are independent — each
/// reads what it needs and is idempotent —, so an event waits for the slowest, not for the sum: a new post is
/// searchable while its followers' feeds are still being written) and acknowledges once all have succeeded.
/// </summary>
public abstract class HandlersConsumerGrain(string streamNamespace, IEnumerable<IDomainEventHandler> handlers, EventAcks acks, ILogger logger)
    : EventConsumerGrain(acks, logger)
{
    private readonly IDomainEventHandler[] _handlers = handlers.Where(h => h.Namespace == streamNamespace).ToArray();

    protected override async Task HandleAsync(DomainEvent evt)
    {
        await Task.WhenAll(_handlers.Select(h => h.HandleAsync(evt)));
    }
}

[ImplicitStreamSubscription(EventStreams.Videos)]
public sealed class VideoEventsGrain(IEnumerable<IDomainEventHandler> handlers, EventAcks acks, ILogger<VideoEventsGrain> logger)
    : HandlersConsumerGrain(EventStreams.Videos, handlers, acks, logger);

[ImplicitStreamSubscription(EventStreams.Posts)]
public sealed class PostEventsGrain(IEnumerable<IDomainEventHandler> handlers, EventAcks acks, ILogger<PostEventsGrain> logger)
    : HandlersConsumerGrain(EventStreams.Posts, handlers, acks, logger);

[ImplicitStreamSubscription(EventStreams.Graph)]
public sealed class GraphEventsGrain(IEnumerable<IDomainEventHandler> handlers, EventAcks acks, ILogger<GraphEventsGrain> logger)
    : HandlersConsumerGrain(EventStreams.Graph, handlers, acks, logger);

[ImplicitStreamSubscription(EventStreams.Engagement)]
public sealed class EngagementEventsGrain(IEnumerable<IDomainEventHandler> handlers, EventAcks acks, ILogger<EngagementEventsGrain> logger)
    : HandlersConsumerGrain(EventStreams.Engagement, handlers, acks, logger);

[ImplicitStreamSubscription(EventStreams.Live)]
public sealed class LiveEventsGrain(IEnumerable<IDomainEventHandler> handlers, EventAcks acks, ILogger<LiveEventsGrain> logger)
    : HandlersConsumerGrain(EventStreams.Live, handlers, acks, logger);

[ImplicitStreamSubscription(EventStreams.Moderation)]
public sealed class ModerationEventsGrain(IEnumerable<IDomainEventHandler> handlers, EventAcks acks, ILogger<ModerationEventsGrain> logger)
    : HandlersConsumerGrain(EventStreams.Moderation, handlers, acks, logger);

[ImplicitStreamSubscription(EventStreams.Payments)]
public sealed class PaymentEventsGrain(IEnumerable<IDomainEventHandler> handlers, EventAcks acks, ILogger<PaymentEventsGrain> logger)
    : HandlersConsumerGrain(EventStreams.Payments, handlers, acks, logger);

[ImplicitStreamSubscription(EventStreams.Ads)]
public sealed class AdEventsGrain(IEnumerable<IDomainEventHandler> handlers, EventAcks acks, ILogger<AdEventsGrain> logger)
    : HandlersConsumerGrain(EventStreams.Ads, handlers, acks, logger);
