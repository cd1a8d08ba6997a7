using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.Posts;

namespace SocialFlow.Grains.Trending;

/// <summary>
/// Hashtag uses from the posts' events: a created or edited post's tags are recorded as used by its author at its
/// creation (idempotent; an edit that adds a tag adds its use). Whether the post may still be seen is decided when
/// trends are read, so later removals, deletions and sanctions need no event here.
/// </summary>
public sealed class TrendingTagHandler(PostStore posts, TrendingStore store) : IDomainEventHandler
{
    public string Namespace => EventStreams.Posts;

    public async Task HandleAsync(DomainEvent evt)
    {
        if (evt.Kind is not (EventKinds.Post.Created or EventKinds.Post.Updated)) return;
        if (await posts.TagFactsAsync(evt.EntityId) is { } post) await store.AddTagUsesAsync(evt.EntityId, post.AuthorId, post.CreatedAt, post.Tags);
    }
}

/// <summary>
/// Comments as a trending signal: each new comment (engagement/commented) counts its author once for the video or post
/// it is on, in this silo's tally. Replies and mentions are the same comment told to others, so they are not counted.
/// A redelivered event counts nothing more (the tally counts an account once per item and window).
/// </summary>
public sealed class TrendingCommentHandler(TrendingTally tally) : IDomainEventHandler
{
    public string Namespace => EventStreams.Engagement;

    public Task HandleAsync(DomainEvent evt)
    {
        if (evt.Kind != EventKinds.Engagement.Commented) return Task.CompletedTask;
        var p = EventPayload.Parse(evt.Payload);
        var kind = p.Text("content_kind") switch
        {
            "video" => TrendingKind.Video,
            "post" => TrendingKind.Post,
            _ => (TrendingKind?)null,
        };
        if (kind is { } k && p.Id("content_id") is { } item) tally.Record(k, item, evt.ActorId, TrendingSignal.Comment);
        return Task.CompletedTask;
    }
}
