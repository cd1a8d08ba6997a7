using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Live.Chat;

/// <summary>Reads other domains ask of the chat tables.</summary>
public sealed partial class LiveChatStore
{
    /// <summary>A chat message as content analysis scores it.</summary>
    public sealed record SentMessage(Guid Id, Guid StreamId, Guid UserId, string Text, DateTimeOffset SentAt, ContentStanding Standing);

    /// <summary>
    /// Messages sent after (at, id) in (sent_at, id) order, and before <paramref name="before"/>: the caller leaves a
    /// margin for batches still committing (a message's sent_at is stamped before its batch commits).
    /// </summary>
    public async Task<IReadOnlyList<SentMessage>> MessagesAfterAsync(DateTimeOffset at, Guid id, DateTimeOffset before, int limit)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id, stream_id, user_id, text, sent_at, deleted_at IS NOT NULL, held FROM live_chat_messages
            WHERE (sent_at, id) > ($1, $2) AND sent_at < $3 ORDER BY sent_at, id LIMIT $4
            """);
        Tx.AddParameters(cmd, at, id, before, limit);
        await using var r = await cmd.ExecuteReaderAsync();
        var messages = new List<SentMessage>();
        while (await r.ReadAsync())
        {
            var standing = r.GetBoolean(5) ? ContentStanding.Removed : r.GetBoolean(6) ? ContentStanding.Held : ContentStanding.Visible;
            messages.Add(new SentMessage(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4), standing));
        }
        return messages;
    }
}
