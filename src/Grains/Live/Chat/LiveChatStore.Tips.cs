using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Live.Chat;

namespace SocialFlow.Grains.Live.Chat;

/// <summary>Paid messages: a tip's message waits in live_chat_tips until its payment is paid, then enters live_chat_messages
/// under the payment's id, so posting it again (a duplicate event, a retry) inserts nothing.</summary>
public sealed partial class LiveChatStore
{
    /// <summary>The first message recorded for a payment is kept (a retry of the order records nothing new).</summary>
    public Task SaveTipAsync(Guid paymentId, Guid streamId, Guid buyerId, string text, DateTimeOffset at) => ExecuteAsync("""
        INSERT INTO live_chat_tips (payment_id, stream_id, buyer_id, text, created_at) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (payment_id) DO NOTHING
        """, paymentId, streamId, buyerId, text, at);

    /// <summary>The stream a payment's tip message is for; null when the payment has none.</summary>
    public async Task<(Guid StreamId, Guid BuyerId, string Text)?> TipAsync(Guid paymentId)
    {
        await using var cmd = db.CreateCommand("SELECT stream_id, buyer_id, text FROM live_chat_tips WHERE payment_id = $1");
        Tx.AddParameters(cmd, paymentId);
        await using var r = await cmd.ExecuteReaderAsync();
        return await r.ReadAsync() ? (r.GetGuid(0), r.GetGuid(1), r.GetString(2)) : null;
    }

    /// <summary>Inserts the paid message unless it exists; true when this call inserted it.</summary>
    public async Task<bool> PostTipAsync(ChatMessage m)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO live_chat_messages (id, stream_id, user_id, text, sent_at, badge_tier, badge_rank, tip_amount, tip_currency, pinned_until)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (id) DO NOTHING
            """);
        Tx.AddParameters(cmd, m.Id, m.StreamId, m.UserId, m.Text, m.SentAt, Nullable(m.Badge?.Tier), Nullable(m.Badge?.Rank), m.Tip!.Amount,
            m.Tip.Currency, Nullable(m.Tip.PinnedUntil));
        return await cmd.ExecuteNonQueryAsync() == 1;
    }

    private static object Nullable(object? value) => value ?? DBNull.Value;
}
