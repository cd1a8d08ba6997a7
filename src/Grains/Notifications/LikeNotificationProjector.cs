using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Notifications;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Notifications;

/// <summary>
/// Reflects likes in their owners' "liked your …" notifications. Every LikeInterval it takes the items liked since the
/// last round's horizon (likes_by_time, a BRIN index) and, in ONE statement per LikeBatch items, sets each owner's like
/// notification to the item's exact like count less the owner's own like and the likes of accounts the owner muted or
/// blocked (either way), with the newest three such likers; bumps it (unread, on top) and queues push/email only when
/// that count or those likers changed. The horizon then moves on, in the same transaction.
/// <para>
/// A like's created_at is its transaction's start, so the horizon is set before the oldest transaction still open on
/// this database (and a settle time before now): every like older than it is committed and visible to the statements
/// that follow. The horizon row is locked for the round, so silos take turns. A projection, not an increment: running
/// a round twice (a crash before commit) changes nothing the second time. Watching users' grains are asked to push the
/// change over SignalR. What it reads of likes, content, accounts and the graph is <see cref="LikedItemsReadModel"/>.
/// </para>
/// </summary>
public sealed class LikeNotificationProjector(
    NpgsqlDataSource db, IGrainFactory grains, IOptions<NotificationOptions> options, TimeProvider clock, ILogger<LikeNotificationProjector> logger)
    : BackgroundService
{
    private static readonly string Sql = $"""
        WITH p AS (SELECT unnest($1::uuid[]) AS content_id),
        i AS ({LikedItemsReadModel.ItemsSql("p")}),
        o AS (SELECT u.owner_id,
                     coalesce(bool_or(q.enabled) FILTER (WHERE q.channel = 'in_app'), $2) AS in_app,
                     -- push only to people with a device, email only to verified addresses: no delivery rows that can only fail
                     coalesce(bool_or(q.enabled) FILTER (WHERE q.channel = 'push'), $3) AND EXISTS (SELECT 1 FROM devices v WHERE v.user_id = u.owner_id) AS push,
                     coalesce(bool_or(q.enabled) FILTER (WHERE q.channel = 'email'), $4) AND {NotificationAudienceReadModel.VerifiedEmailSql("u.owner_id")} AS email
              FROM (SELECT DISTINCT owner_id FROM i) u
              LEFT JOIN notification_preferences q ON q.user_id = u.owner_id AND q.type = 'like'
              GROUP BY u.owner_id),
        g AS (SELECT i.*, o.in_app, o.push, o.email, {NotificationIds.Sql("i.owner_id", "'like'", "i.content_id")} AS nid,
                     {LikedItemsReadModel.LatestLikersSql("i.owner_id", "i.content_id")} AS actors,
                     {LikedItemsReadModel.HeardLikesSql("i.owner_id", "i.content_id")} AS likes
              FROM i JOIN o ON o.owner_id = i.owner_id
              WHERE o.in_app OR o.push OR o.email),
        n AS (INSERT INTO notifications AS n (id, user_id, type, subject_id, subject_kind, item_id, data, in_app, actor_count, latest_actors, created_at, updated_at)
              SELECT nid, owner_id, 'like', content_id, kind, CASE WHEN kind = 'comment' THEN parent_id ELSE content_id END,
                     CASE WHEN kind = 'comment' THEN jsonb_build_object('comment_id', content_id) ELSE jsonb_build_object() END,
                     in_app, likes, actors, $5, $5
              FROM g WHERE likes > 0 ORDER BY nid
              ON CONFLICT (id) DO UPDATE SET actor_count = EXCLUDED.actor_count, latest_actors = EXCLUDED.latest_actors,
                  updated_at = greatest(n.updated_at, EXCLUDED.updated_at), read_at = NULL, in_app = n.in_app OR EXCLUDED.in_app
              WHERE (n.actor_count, n.latest_actors) IS DISTINCT FROM (EXCLUDED.actor_count, EXCLUDED.latest_actors)
              RETURNING n.id, n.user_id, n.in_app),
        d AS (INSERT INTO notification_deliveries (notification_id, user_id, channel, next_attempt_at)
              SELECT n.id, n.user_id, ch.channel, $5 + CASE WHEN ch.channel = 'push' THEN $6::interval ELSE interval '0' END
              FROM n JOIN g ON g.nid = n.id CROSS JOIN LATERAL (VALUES ('push', g.push), ('email', g.email)) AS ch(channel, wanted) WHERE ch.wanted
              ON CONFLICT (notification_id, channel) WHERE done_at IS NULL DO NOTHING)
        SELECT n.id, n.user_id FROM n JOIN notification_watchers w ON w.user_id = n.user_id AND w.watch_until > now() WHERE n.in_app
        """;

    /// <summary>
    /// No like older than this is still uncommitted: the start of the oldest other open transaction on this database
    /// (a like's created_at is its transaction's start), less a settle time for one just starting. A transaction open
    /// longer than MaxWait no longer holds the horizon back, and autovacuum never does (only client sessions write likes).
    /// Needs the sessions' xact_start, visible to the same role.
    /// </summary>
    public const string HorizonSql = """
        SELECT least(now() - $1::interval,
                     coalesce((SELECT min(xact_start) FROM pg_stat_activity
                               WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()
                                 AND xact_start > now() - $2::interval),
                              now()))
        """;

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
                logger.LogWarning(e, "Projecting likes into notifications failed; the next round starts from the same horizon");
            }
            try { await Task.Delay(options.Value.LikeInterval, ct); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>One round; returns how many liked items it projected.</summary>
    public async Task<long> ProjectAsync(CancellationToken ct)
    {
        var watched = new List<(Guid Notification, Guid User)>();
        var projected = 0L;
        await using (var tx = await Tx.BeginAsync(db))
        {
            DateTimeOffset horizon, upto;
            // Its own statement, before the ones that read likes: each gets a newer snapshot, which sees every
            // transaction that had ended when the horizon was read.
            horizon = await TimeAsync(tx.Command(HorizonSql, Settle, MaxWait), ct);
            upto = await TimeAsync(tx.Command("SELECT upto FROM like_projection WHERE id = 1 FOR UPDATE"), ct);
            if (horizon <= upto) return 0;
            var items = new List<Guid>();
            await using (var cmd = tx.Command(LikedItemsReadModel.LikedBetweenSql, upto, horizon))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct)) items.Add(r.GetGuid(0));
            }
            foreach (var chunk in items.Chunk(options.Value.LikeBatch))
            {
                await using var cmd = tx.Command(Sql, chunk,
                    NotificationDefaults.Enabled(NotificationType.Like, NotificationChannel.InApp),
                    NotificationDefaults.Enabled(NotificationType.Like, NotificationChannel.Push),
                    NotificationDefaults.Enabled(NotificationType.Like, NotificationChannel.Email),
                    clock.GetUtcNow(), options.Value.PushDelay);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) watched.Add((r.GetGuid(0), r.GetGuid(1)));
            }
            await tx.ExecuteAsync("UPDATE like_projection SET upto = $1 WHERE id = 1", horizon);
            await tx.CommitAsync();
            projected = items.Count;
        }
        await Task.WhenAll(watched.Select(w => grains.Ref<INotificationGrain>(w.User).PushAsync(w.Notification)));
        return projected;
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
