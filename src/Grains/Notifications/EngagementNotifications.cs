using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.Grains.Notifications;

/// <summary>
/// Turns engagement events into notifications for the people concerned: the item's owner (commented), the author of
/// the comment answered (replied), the users named (mentioned, only those who may see the item). Likes are not events
/// (an outbox row per like halved the durable like rate): <see cref="LikeNotificationProjector"/> reads them from `likes`.
/// </summary>
public sealed class EngagementNotifications(IGrainFactory grains) : IDomainEventHandler
{
    public string Namespace => EventStreams.Engagement;

    public async Task HandleAsync(DomainEvent evt)
    {
        var p = EventPayload.Parse(evt.Payload);
        var (contentId, kind, owner) = (p.Id("content_id") ?? evt.EntityId, p.Text("content_kind") ?? "video", p.Id("owner_id"));
        var commentId = p.Id("comment_id");
        var excerpt = p.Text("excerpt");
        switch (evt.Kind)
        {
            // An owner whose own comment was answered hears of it once, as a reply.
            case EventKinds.Engagement.Commented when owner is { } o && p.Id("parent_author_id") != o:
                await Notify(o, new NotificationInput(evt.EventId, NotificationType.Comment, evt.ActorId, contentId, kind, contentId, commentId, excerpt));
                break;
            case EventKinds.Engagement.Replied when p.Id("parent_author_id") is { } answered && p.Id("parent_id") is { } parent:
                await Notify(answered, new NotificationInput(evt.EventId, NotificationType.Reply, evt.ActorId, parent, "comment", contentId, commentId, excerpt));
                break;
            case EventKinds.Engagement.Mentioned:
                var item = grains.Ref<IContentGrain>(contentId);
                foreach (var user in p.Ids("mentioned_ids").Distinct())
                {
                    if (user == evt.ActorId || !await item.CanViewAsync(user)) continue;
                    await Notify(user, new NotificationInput(evt.EventId, NotificationType.Mention, evt.ActorId, commentId ?? contentId,
                        commentId is null ? kind : "comment", contentId, commentId, excerpt));
                }
                break;
        }
    }

    private Task Notify(Guid recipient, NotificationInput input) => grains.Ref<INotificationGrain>(recipient).ApplyAsync(input);
}
