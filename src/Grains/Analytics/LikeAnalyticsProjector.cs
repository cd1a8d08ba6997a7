using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Notifications;

namespace SocialFlow.Grains.Analytics;

/// <summary>
/// Likes reach the rollups from the likes table by time, as they reach notifications (likes are group-committed rows,
/// not events): every LikeInterval, the likes created in [upto, horizon) become raw events (kind like, keyed by liker,
/// item and the like's time, so a round done twice adds nothing), written through the <see cref="AnalyticsWriter"/>;
/// then upto moves to the horizon. The horizon is <see cref="LikeNotificationProjector.HorizonSql"/>: before the oldest
/// open transaction, so no like older than it can still appear. A like taken back is not subtracted: likes counts the
/// likes given in a period. The horizon row is locked for the round, so silos take turns.
/// </summary>
public sealed class LikeAnalyticsProjector(NpgsqlDataSource db, AnalyticsWriter writer, IOptions<AnalyticsOptions> options, ILogger<LikeAnalyticsProjector> logger)
    : BackgroundService
{
    private const int MaxLikes = 20_000;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1), MaxWait = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await ProjectAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Counting likes in analytics failed; the next round starts from the same horizon");
            }
            try { await Task.Delay(options.Value.LikeInterval, ct); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>One round (at most MaxLikes likes; the next round takes the rest); returns how many likes it read.</summary>
    public async Task<int> ProjectAsync(CancellationToken ct)
    {
        await using var tx = await Tx.BeginAsync(db);
        var horizon = await TimeAsync(tx.Command(LikeNotificationProjector.HorizonSql, Settle, MaxWait), ct);
        var upto = await TimeAsync(tx.Command("SELECT upto FROM analytics_like_horizon WHERE id = 1 FOR UPDATE"), ct);
        if (horizon <= upto) return 0;
        var likes = new List<RawEvent>();
        await using (var cmd = tx.Command("""
            SELECT content_id, user_id, created_at FROM likes WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at LIMIT $3
            """, upto, horizon, MaxLikes))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var (item, user, at) = (r.GetGuid(0), r.GetGuid(1), r.GetFieldValue<DateTimeOffset>(2));
                likes.Add(new RawEvent(RawEvent.UserKey(user), user, $"like:{item:N}:{at.UtcTicks}", "like", at, ItemId: item));
            }
        }
        await writer.WriteAsync(likes);
        // A full round stops at its last like's time; likes at that same instant are read again and dropped as duplicates.
        var next = likes.Count == MaxLikes ? likes[^1].OccurredAt : horizon;
        await tx.ExecuteAsync("UPDATE analytics_like_horizon SET upto = $1 WHERE id = 1", next);
        await tx.CommitAsync();
        return likes.Count;
    }

    private static async Task<DateTimeOffset> TimeAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using (command)
        await using (var r = await command.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            return r.GetFieldValue<DateTimeOffset>(0);
        }
    }
}
