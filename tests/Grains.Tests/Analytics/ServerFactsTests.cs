using SocialFlow.Grains.Analytics;
using SocialFlow.Grains.Interfaces.Events;

namespace SocialFlow.Grains.Tests.Analytics;

/// <summary>Which domain events become raw analytics events, counted for whom, and keyed so that a redelivery is dropped.</summary>
public sealed class ServerFactsTests
{
    private static DomainEvent Event(string kind, Guid entity, Guid actor, string payload) =>
        new(Guid.NewGuid(), 1, kind, entity, actor, DateTimeOffset.UtcNow, payload);

    [Fact]
    public void Paid_IsRevenueOfTheRecipient_OnTheTarget_InLowerCaseCurrency()
    {
        var (buyer, creator, video) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var evt = Event(EventKinds.Payments.Paid, Guid.NewGuid(), buyer,
            $$"""{"payment_kind":"tip","buyer_id":"{{buyer}}","recipient_id":"{{creator}}","target_id":"{{video}}","amount":250,"currency":"EUR"}""");

        var raw = ServerFacts.Payment(evt)!;

        Assert.Equal(("revenue", creator, video, 250L, "eur"), (raw.Kind, raw.OwnerId, raw.ItemId, raw.Amount, raw.Currency));
        Assert.Equal((RawEvent.UserKey(buyer), $"evt:{evt.EventId:N}"), (raw.ActorKey, raw.ClientEventId));
        Assert.Null(ServerFacts.Payment(evt with { Kind = EventKinds.Payments.AccessChanged }));
    }

    [Fact]
    public void AdRevenueCredited_IsTheCreatorsRevenue_OnTheVideo_CausedByNoAccount()
    {
        var (creator, video, settlement) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var evt = Event(EventKinds.Ads.RevenueCredited, settlement, creator,
            $$"""{"settlement_id":"{{settlement}}","creator_id":"{{creator}}","video_id":"{{video}}","campaign_id":"{{Guid.NewGuid()}}","amount":70,"currency":"USD","day":"2026-12-04"}""");

        var raw = ServerFacts.AdRevenue(evt)!;

        Assert.Equal(("revenue", creator, video, 70L, "usd"), (raw.Kind, raw.OwnerId, raw.ItemId, raw.Amount, raw.Currency));
        Assert.Null(raw.UserId);
        Assert.DoesNotMatch("^u:", raw.ActorKey); // an active account is any "u:" actor
        Assert.Equal($"evt:{evt.EventId:N}", raw.ClientEventId);
        Assert.Null(ServerFacts.AdRevenue(evt with { Kind = EventKinds.Payments.Paid }));
    }

    [Fact]
    public void FollowsCountForTheFollowedAccount_CommentsForTheItem_UploadsWhenReady()
    {
        var (fan, creator, post) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var follow = ServerFacts.Follow(Event(EventKinds.Graph.Followed, creator, fan, "{}"))!;
        Assert.Equal(("follow", creator, RawEvent.UserKey(fan)), (follow.Kind, follow.OwnerId, follow.ActorKey));
        Assert.Equal("unfollow", ServerFacts.Follow(Event(EventKinds.Graph.Unfollowed, creator, fan, "{}"))!.Kind);
        Assert.Null(ServerFacts.Follow(Event(EventKinds.Graph.Muted, creator, fan, "{}")));
        var comment = ServerFacts.Comment(Event(EventKinds.Engagement.Commented, post, fan, $$"""{"content_id":"{{post}}","owner_id":"{{creator}}"}"""))!;
        Assert.Equal(("comment", post, creator), (comment.Kind, comment.ItemId, comment.OwnerId));
        Assert.Null(ServerFacts.Comment(Event(EventKinds.Engagement.Replied, post, fan, $$"""{"content_id":"{{post}}"}""")));
        Assert.Equal(creator, ServerFacts.Upload(Event(EventKinds.Video.Ready, post, creator, $$"""{"owner_id":"{{creator}}"}"""))!.OwnerId);
        Assert.Null(ServerFacts.Upload(Event(EventKinds.Video.Created, post, creator, "{}")));
    }

    [Fact]
    public void LiveView_IsTheLiveTimeWatched_CountedForTheStreamer_KeyedByTheViewsStart()
    {
        var (stream, streamer, viewer) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var live = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

        // Joined a minute before the stream went live, left 90 s into it: 90 s, from the start of the live time.
        var view = ServerFacts.LiveView(stream, streamer, viewer, live.AddMinutes(-1), live.AddSeconds(90), live, null)!;
        Assert.Equal(("live_view", stream, streamer, 90), (view.Kind, view.ItemId, view.OwnerId, view.Seconds));
        Assert.Equal((RawEvent.UserKey(viewer), viewer, live), (view.ActorKey, view.UserId, view.OccurredAt));
        Assert.Equal($"live:{stream:N}:{live.AddMinutes(-1).UtcTicks}", view.ClientEventId);

        // Still there when the stream ended 30 s in: only the live part counts.
        Assert.Equal(30, ServerFacts.LiveView(stream, streamer, viewer, live.AddSeconds(10), live.AddMinutes(5), live, live.AddSeconds(40))!.Seconds);
        Assert.Null(ServerFacts.LiveView(stream, streamer, viewer, live.AddMinutes(-5), live.AddMinutes(-1), live, null)); // left before it went live
        Assert.Null(ServerFacts.LiveView(stream, streamer, viewer, live, live.AddMinutes(1), null, null)); // it never went live
    }

    [Fact]
    public void SvgChart_HasABarPerDay_AndEscapesItsTitle()
    {
        var day = new DateOnly(2026, 12, 1);
        var svg = System.Xml.Linq.XDocument.Parse(SvgChart.Bars("views <&>", [(day, 3), (day.AddDays(1), 0), (day.AddDays(2), 9)]));

        Assert.Equal(3, svg.Descendants("{http://www.w3.org/2000/svg}rect").Count(r => r.Attribute("fill")?.Value == "#3b82f6"));
        Assert.Equal("views <&>", svg.Root!.Element("{http://www.w3.org/2000/svg}title")!.Value);
    }
}
