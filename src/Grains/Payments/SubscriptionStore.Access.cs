using System.Text.Json;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

/// <summary>Who may see what: members-only items (members_only_content) and paid-up purchases (payments).</summary>
public sealed partial class SubscriptionStore
{
    public async Task<(Guid CreatorId, int MinRank)?> MembersOnlyAsync(Guid contentId)
    {
        await using var cmd = db.CreateCommand("SELECT creator_id, min_rank FROM members_only_content WHERE content_id = $1");
        Tx.AddParameters(cmd, contentId);
        await using var r = await cmd.ExecuteReaderAsync();
        return await r.ReadAsync() ? (r.GetGuid(0), r.GetInt32(1)) : null;
    }

    /// <summary>Makes an item members-only from a rank on, or (null) open to everyone again, and announces it.</summary>
    public async Task SetMembersOnlyAsync(Guid contentId, GatedItemKind kind, Guid creatorId, int? minRank, DateTimeOffset now)
    {
        await using var tx = await Tx.BeginAsync(db);
        if (minRank is { } rank)
        {
            await tx.ExecuteAsync("""
                INSERT INTO members_only_content (content_id, creator_id, min_rank, updated_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (content_id) DO UPDATE SET min_rank = excluded.min_rank, updated_at = excluded.updated_at
                """, contentId, creatorId, rank, now);
        }
        else
        {
            await tx.ExecuteAsync("DELETE FROM members_only_content WHERE content_id = $1", contentId);
        }
        await EventOutbox.AppendAsync(tx, EventStreams.Payments, contentId, creatorId, EventKinds.Payments.AccessChanged, new
        {
            content_id = contentId, content_kind = JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString()), creator_id = creatorId,
            min_rank = minRank, at = now,
        });
        await tx.CommitAsync();
    }

    /// <summary>The buyer's paid-up purchase of the video (not wholly refunded), and whether they played it; null when none.</summary>
    public async Task<(Guid PaymentId, bool Watched)?> PurchaseAsync(Guid buyerId, Guid videoId)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id, watched_at IS NOT NULL FROM payments
            WHERE buyer_id = $1 AND target_id = $2 AND kind = 'video_purchase' AND status = 'succeeded' AND refunded < total
            """);
        Tx.AddParameters(cmd, buyerId, videoId);
        await using var r = await cmd.ExecuteReaderAsync();
        return await r.ReadAsync() ? (r.GetGuid(0), r.GetBoolean(1)) : null;
    }
}
