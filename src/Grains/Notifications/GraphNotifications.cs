using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.Grains.Notifications;

/// <summary>
/// New followers, follow requests and approvals. Each groups per recipient ("A and 5 others followed you"): the
/// subject is the recipient's own account.
/// </summary>
public sealed class GraphNotifications(IGrainFactory grains) : IDomainEventHandler
{
    public string Namespace => EventStreams.Graph;

    public Task HandleAsync(DomainEvent evt)
    {
        NotificationType? type = evt.Kind switch
        {
            EventKinds.Graph.Followed => NotificationType.Follow,
            EventKinds.Graph.FollowRequested => NotificationType.FollowRequest,
            EventKinds.Graph.FollowApproved => NotificationType.FollowApproved,
            _ => null,
        };
        if (type is null) return Task.CompletedTask;
        var p = EventPayload.Parse(evt.Payload);
        var actor = p.Id("actor_id") ?? evt.ActorId;
        var target = p.Id("target_id") ?? evt.EntityId;
        return grains.Ref<INotificationGrain>(target).ApplyAsync(new NotificationInput(evt.EventId, type.Value, actor, target, "user", null));
    }
}
