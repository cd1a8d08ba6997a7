namespace SocialFlow.Grains.Analytics;

/// <summary>
/// One row of analytics_events before it is written: a client's tracked event or a server fact (whose client event id is
/// the fact's own id, so a redelivery is dropped like a client's duplicate). OwnerId is the creator it counts for when
/// the event has no item (a profile visit, a follow) or its item is not content (a tip for a live stream); otherwise the
/// item's owner is looked up when it is written.
/// </summary>
public sealed record RawEvent(
    string ActorKey,
    Guid? UserId,
    string ClientEventId,
    string Kind,
    DateTimeOffset OccurredAt,
    Guid? ItemId = null,
    Guid? OwnerId = null,
    int? Seconds = null,
    int? PositionPercent = null,
    string? Source = null,
    string? Platform = null,
    Guid? AdId = null,
    long? Amount = null,
    string? Currency = null,
    string? IpPrefix = null)
{
    public static string UserKey(Guid user) => $"u:{user:N}";
}
