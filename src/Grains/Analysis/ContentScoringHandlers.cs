using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Analysis;

/// <summary>New and edited posts are scored after they commit (posts/created, posts/updated).</summary>
public sealed class PostScoringHandler(ContentScorer scorer) : IDomainEventHandler
{
    public string Namespace => EventStreams.Posts;

    public Task HandleAsync(DomainEvent evt) => evt.Kind is EventKinds.Post.Created or EventKinds.Post.Updated
        ? scorer.ScoreAsync(ModerationTargetType.Post, evt.EntityId)
        : Task.CompletedTask;
}

/// <summary>New comments and replies (engagement/commented, replied; a comment held by a watched word has no event).</summary>
public sealed class CommentScoringHandler(ContentScorer scorer) : IDomainEventHandler
{
    public string Namespace => EventStreams.Engagement;

    public Task HandleAsync(DomainEvent evt) =>
        evt.Kind is EventKinds.Engagement.Commented or EventKinds.Engagement.Replied && EventPayload.Parse(evt.Payload).Id("comment_id") is { } comment
            ? scorer.ScoreAsync(ModerationTargetType.Comment, comment)
            : Task.CompletedTask;
}

/// <summary>
/// A video's title and description, when it is created and whenever it changes (an unchanged text is not scored
/// again). The video's grain writes the title into every event it writes; an event without one names no text to score.
/// </summary>
public sealed class VideoScoringHandler(ContentScorer scorer) : IDomainEventHandler
{
    public string Namespace => EventStreams.Videos;

    public Task HandleAsync(DomainEvent evt) =>
        evt.Kind is EventKinds.Video.Created or EventKinds.Video.Updated && EventPayload.Parse(evt.Payload).Text("title") is not null
            ? scorer.ScoreAsync(ModerationTargetType.Video, evt.EntityId)
            : Task.CompletedTask;
}
