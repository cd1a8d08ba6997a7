using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Events;

namespace SocialFlow.Grains.Engagement;

/// <summary>
/// Engagement events written in the transaction of their cause (stream key: the item). Likes are written by the
/// group commit itself (EngagementBatch), in SQL, with the same payload fields.
/// </summary>
public static class EngagementEvents
{
    public const int MaxExcerpt = 140;

    public sealed record Payload(
        Guid ContentId, string ContentKind, Guid OwnerId, Guid ActorId, DateTimeOffset At,
        Guid? CommentId = null, Guid? ParentId = null, Guid? ParentAuthorId = null, Guid[]? MentionedIds = null, string? Excerpt = null);

    /// <summary>A new comment: "commented" for the item's owner, "replied" for the author of the comment answered,
    /// "mentioned" for the existing users named in it (resolved here, inside the same transaction).</summary>
    public static async Task CommentAddedAsync(Tx tx, Guid itemId, ContentKind itemKind, Guid ownerId, Guid authorId, Guid commentId,
        Guid? answeredId, IReadOnlyList<string> mentionedUsernames, string text, DateTimeOffset at)
    {
        Guid? answeredAuthor = null;
        if (answeredId is { } answered)
        {
            await using var cmd = tx.Command("SELECT author_id FROM comments WHERE id = $1", answered);
            answeredAuthor = await cmd.ExecuteScalarAsync() as Guid?;
        }
        var basis = new Payload(itemId, Lower(itemKind), ownerId, authorId, at, commentId, answeredId, answeredAuthor, Excerpt: Excerpt(text));
        await EventOutbox.AppendAsync(tx, EventStreams.Engagement, itemId, authorId, EventKinds.Engagement.Commented, basis);
        if (answeredAuthor is not null)
        {
            await EventOutbox.AppendAsync(tx, EventStreams.Engagement, itemId, authorId, EventKinds.Engagement.Replied, basis);
        }
        await MentionedAsync(tx, basis, mentionedUsernames);
    }

    /// <summary>"mentioned" for the existing users named in a new post (key: the post).</summary>
    public static Task PostMentionsAsync(Tx tx, Guid postId, Guid authorId, IReadOnlyList<Guid> mentionedIds, string text, DateTimeOffset at) =>
        mentionedIds.Count == 0 ? Task.CompletedTask
            : EventOutbox.AppendAsync(tx, EventStreams.Engagement, postId, authorId, EventKinds.Engagement.Mentioned,
                new Payload(postId, "post", authorId, authorId, at, MentionedIds: [.. mentionedIds], Excerpt: Excerpt(text)));

    private static async Task MentionedAsync(Tx tx, Payload basis, IReadOnlyList<string> usernames)
    {
        if (usernames.Count == 0) return;
        var ids = new List<Guid>();
        await using (var cmd = tx.Command("SELECT id FROM accounts WHERE username = ANY($1::citext[])", (object)usernames.ToArray()))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) ids.Add(r.GetGuid(0));
        }
        if (ids.Count == 0) return;
        await EventOutbox.AppendAsync(tx, EventStreams.Engagement, basis.ContentId, basis.ActorId, EventKinds.Engagement.Mentioned,
            basis with { MentionedIds = [.. ids] });
    }

    private static string Excerpt(string text) => text.Length <= MaxExcerpt ? text : text[..MaxExcerpt] + "…";

    private static string Lower(ContentKind kind) => kind.ToString().ToLowerInvariant();
}
