using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Events;

namespace SocialFlow.Grains.Videos;

/// <summary>
/// The durable consumer of the videos namespace, one activation per video. It acknowledges every video event so the
/// outbox drains; what reacts to them (home-feed fan-out, notifications, search indexing) is called from
/// <see cref="HandleAsync"/>, before the acknowledgement.
/// </summary>
[ImplicitStreamSubscription(EventStreams.Videos)]
public sealed class VideoEventsGrain(EventAcks acks, ILogger<VideoEventsGrain> logger) : EventConsumerGrain(acks, logger)
{
    protected override Task HandleAsync(DomainEvent evt) => Task.CompletedTask;
}
