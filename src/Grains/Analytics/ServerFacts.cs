using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Events;

namespace SocialFlow.Grains.Analytics;

/// <summary>
/// Turns one namespace's domain events into raw analytics events (null: not one analytics counts), written through the
/// silo's <see cref="AnalyticsWriter"/>. The raw event's client id is the domain event's id, so a redelivery is dropped.
/// Another source (the ads' revenue_credited events) is one more registration with its own mapping.
/// </summary>
public sealed class ServerFactHandler(string ns, Func<DomainEvent, RawEvent?> map, AnalyticsWriter writer) : IDomainEventHandler
{
    public string Namespace => ns;

    public async Task HandleAsync(DomainEvent evt)
    {
        if (map(evt) is { } raw) await writer.WriteAsync([raw]);
    }
}

/// <summary>
/// The mappings of the server's facts (likes come from <see cref="LikeAnalyticsProjector"/>: they are not events; live
/// views from the live rooms' presence, which hand them to the writer themselves).
/// </summary>
public static class ServerFacts
{
    public static RawEvent? Comment(DomainEvent evt)
    {
        if (evt.Kind != EventKinds.Engagement.Commented) return null;
        var p = EventPayload.Parse(evt.Payload);
        return p.Id("content_id") is { } item ? Fact(evt, "comment", evt.ActorId) with { ItemId = item, OwnerId = p.Id("owner_id") } : null;
    }

    /// <summary>A follow or unfollow counts for the followed account (the event's key).</summary>
    public static RawEvent? Follow(DomainEvent evt) => evt.Kind switch
    {
        EventKinds.Graph.Followed => Fact(evt, "follow", evt.ActorId) with { OwnerId = evt.EntityId },
        EventKinds.Graph.Unfollowed => Fact(evt, "unfollow", evt.ActorId) with { OwnerId = evt.EntityId },
        _ => null,
    };

    /// <summary>An upload counts when the video becomes ready to play.</summary>
    public static RawEvent? Upload(DomainEvent evt)
    {
        if (evt.Kind != EventKinds.Video.Ready) return null;
        var owner = EventPayload.Parse(evt.Payload).Id("owner_id") ?? evt.ActorId;
        return Fact(evt, "upload", owner) with { OwnerId = owner };
    }

    /// <summary>A paid tip or purchase is revenue of its recipient (the amount paid, in minor units, per currency), on its target item.</summary>
    public static RawEvent? Payment(DomainEvent evt)
    {
        if (evt.Kind != EventKinds.Payments.Paid) return null;
        var p = EventPayload.Parse(evt.Payload);
        if (p.Id("recipient_id") is not { } creator || p.Number("amount") is not { } amount || p.Text("currency") is not { } currency) return null;
        var buyer = p.Id("buyer_id") ?? evt.ActorId;
        return Fact(evt, "revenue", buyer) with { ItemId = p.Id("target_id"), OwnerId = creator, Amount = amount, Currency = currency.ToLowerInvariant() };
    }

    /// <summary>
    /// An ad settlement credited to a creator is their revenue on the video the ads ran on (their share, minor units, per
    /// currency). Nobody acted: the actor is the ads domain itself, so no account counts as active for it.
    /// </summary>
    public static RawEvent? AdRevenue(DomainEvent evt)
    {
        if (evt.Kind != EventKinds.Ads.RevenueCredited) return null;
        var p = EventPayload.Parse(evt.Payload);
        if (p.Id("creator_id") is not { } creator || p.Number("amount") is not { } amount || p.Text("currency") is not { } currency) return null;
        return new RawEvent(AdsActorKey, null, $"evt:{evt.EventId:N}", "revenue", evt.OccurredAt,
            ItemId: p.Id("video_id"), OwnerId: creator, Amount: amount, Currency: currency.ToLowerInvariant());
    }

    /// <summary>
    /// One viewer's time watching a live stream, counted for its streamer with the stream as the item: the part of
    /// [from, to) the stream was live (it went live at <paramref name="liveFrom"/>, ended at <paramref name="liveTo"/> or
    /// not yet), in whole seconds, at the moment the viewer first saw it live. Null when none of it was live. Its client
    /// id is the stream and the time the view began, so the same view written again (a retried batch) is dropped.
    /// </summary>
    public static RawEvent? LiveView(
        Guid streamId, Guid streamerId, Guid viewerId, DateTimeOffset from, DateTimeOffset to, DateTimeOffset? liveFrom, DateTimeOffset? liveTo)
    {
        if (liveFrom is not { } started) return null;
        var start = from > started ? from : started;
        var end = liveTo is { } ended && ended < to ? ended : to;
        if (end <= start) return null;
        return new RawEvent(RawEvent.UserKey(viewerId), viewerId, $"live:{streamId:N}:{from.UtcTicks}", "live_view", start,
            ItemId: streamId, OwnerId: streamerId, Seconds: (int)Math.Round((end - start).TotalSeconds));
    }

    /// <summary>The actor of facts no account caused (not "u:…", which counts as an active account).</summary>
    private const string AdsActorKey = "s:ads";

    private static RawEvent Fact(DomainEvent evt, string kind, Guid actor) =>
        new(RawEvent.UserKey(actor), actor == Guid.Empty ? null : actor, $"evt:{evt.EventId:N}", kind, evt.OccurredAt);
}
