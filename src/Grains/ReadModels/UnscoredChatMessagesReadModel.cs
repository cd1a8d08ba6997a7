using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// Recent chat messages content analysis has not scored yet, oldest first. Reads <c>live_chat_messages</c> (Live; written
/// by the room's batch writer) and <c>content_scores</c> (Analysis; written by ContentScoreWriter). Why a join: a
/// message is due exactly when it has no score row, whatever order the chat's batches commit in (a watermark on
/// sent_at misses a batch that commits late). Why safe: both tables are only read; the window bounds the scan (the
/// <c>(sent_at, id)</c> index), and a scored message drops out at once. Registered by AddAnalysis.
/// </summary>
public sealed class UnscoredChatMessagesReadModel(NpgsqlDataSource db)
{
    public sealed record SentMessage(Guid Id, Guid StreamId, Guid UserId, string Text, DateTimeOffset SentAt, ContentStanding Standing);

    public async Task<IReadOnlyList<SentMessage>> NextAsync(TimeSpan window, int limit)
    {
        await using var cmd = db.CreateCommand("""
            SELECT m.id, m.stream_id, m.user_id, m.text, m.sent_at, m.held FROM live_chat_messages m
            WHERE m.sent_at > now() - $1 AND m.deleted_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM content_scores s WHERE s.target_id = m.id AND s.target_type = 'chat_message')
            ORDER BY m.sent_at, m.id LIMIT $2
            """);
        Tx.AddParameters(cmd, window, limit);
        await using var r = await cmd.ExecuteReaderAsync();
        var messages = new List<SentMessage>();
        while (await r.ReadAsync())
        {
            messages.Add(new SentMessage(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4),
                r.GetBoolean(5) ? ContentStanding.Held : ContentStanding.Visible));
        }
        return messages;
    }
}
