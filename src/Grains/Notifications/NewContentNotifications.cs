using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.Grains.Notifications;

/// <summary>A video that became ready and public, or a new public or followers-only post: its author's followers hear of it.</summary>
public sealed class NewVideoNotifications(NewContentFanout fanout) : IDomainEventHandler
{
    public string Namespace => EventStreams.Videos;

    public async Task HandleAsync(DomainEvent evt)
    {
        if (evt.Kind != EventKinds.Video.Ready) return;
        var p = EventPayload.Parse(evt.Payload);
        // A video that moderation holds (or removed) is its owner's alone: nobody hears of it.
        if (p.Text("visibility") != "public" || p.Text("moderation") is not null || p.Id("owner_id") is not { } owner) return;
        await fanout.AnnounceAsync(owner, p.Id("video_id") ?? evt.EntityId, "video", p.Text("title"));
    }
}

public sealed class NewPostNotifications(NewContentFanout fanout) : IDomainEventHandler
{
    public string Namespace => EventStreams.Posts;

    public async Task HandleAsync(DomainEvent evt)
    {
        if (evt.Kind != EventKinds.Post.Created) return;
        var p = EventPayload.Parse(evt.Payload);
        if (p.Text("visibility") is not ("public" or "followers") || p.Text("moderation") is not null || p.Id("author_id") is not { } author) return;
        await fanout.AnnounceAsync(author, p.Id("post_id") ?? evt.EntityId, "post", null);
    }
}

/// <summary>A public stream went live: its owner's followers hear of it (unlisted and private streams stay quiet).</summary>
public sealed class LiveStartedNotifications(NewContentFanout fanout) : IDomainEventHandler
{
    public string Namespace => EventStreams.Live;

    public async Task HandleAsync(DomainEvent evt)
    {
        if (evt.Kind != EventKinds.Live.Started) return;
        var p = EventPayload.Parse(evt.Payload);
        if (p.Text("visibility") != "public" || p.Id("owner_id") is not { } owner) return;
        await fanout.AnnounceAsync(NotificationType.LiveStarted, owner, p.Id("stream_id") ?? evt.EntityId, "live", p.Text("title"));
    }
}
