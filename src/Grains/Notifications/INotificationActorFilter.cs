namespace SocialFlow.Grains.Notifications;

/// <summary>
/// Whether a recipient hears nothing from an actor: the recipient muted the actor, or either blocked the other. Per fact,
/// for the notification grain; the set-based writers use the same rule as SQL. Implemented by
/// ReadModels.NotificationAudienceReadModel; the social graph may replace it with a cheaper check.
/// </summary>
public interface INotificationActorFilter
{
    Task<bool> SuppressesAsync(Guid recipientId, Guid actorId);
}
