using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.Grains.Notifications;

/// <summary>
/// Applies a group commit's likes (one "liked_batch" event) to the owners' notifications in ONE statement. Likes from
/// muted or blocked actors, and for owners who turned every channel off, are dropped. A like group's count is a
/// projection, not an increment: the item's exact like count less the owner's own like and the likes of accounts the
/// owner muted or blocked either way (read from content_counters and the owner's mute/block rows). So a redelivered
/// batch finds the count unchanged and changes nothing (no bump, no unread, no delivery), and no per-like row is
/// written: a like costs its owner's notification one in-place (HOT) update. Returns the changed notifications of users
/// watching right now.
/// </summary>
public sealed class LikeNotifications(NpgsqlDataSource db, IOptions<NotificationOptions> options, TimeProvider clock)
{
    private static readonly string Sql = $"""
        WITH l AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(content_id uuid, content_kind text, owner_id uuid, actor_id uuid, parent_id uuid)
                   WHERE owner_id <> actor_id),
        o AS (SELECT u.owner_id,
                     coalesce(bool_or(q.enabled) FILTER (WHERE q.channel = 'in_app'), $2) AS in_app,
                     -- push only to people with a device, email only to verified addresses: no delivery rows that can only fail
                     coalesce(bool_or(q.enabled) FILTER (WHERE q.channel = 'push'), $3) AND EXISTS (SELECT 1 FROM devices v WHERE v.user_id = u.owner_id) AS push,
                     coalesce(bool_or(q.enabled) FILTER (WHERE q.channel = 'email'), $4) AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = u.owner_id AND a.email_verified) AS email
              FROM (SELECT DISTINCT owner_id FROM l) u
              LEFT JOIN notification_preferences q ON q.user_id = u.owner_id AND q.type = 'like'
              GROUP BY u.owner_id),
        f AS (SELECT l.*, {NotificationIds.Sql("l.owner_id", "'like'", "l.content_id")} AS nid, o.in_app, o.push, o.email
              FROM l JOIN o ON o.owner_id = l.owner_id
              WHERE (o.in_app OR o.push OR o.email) AND NOT {PostgresActorFilter.Sql("l.owner_id", "l.actor_id")}),
        g AS (SELECT f.nid, f.owner_id, f.content_id, min(f.content_kind) AS kind, (array_agg(f.parent_id))[1] AS parent,
                     bool_or(f.in_app) AS in_app, bool_or(f.push) AS push, bool_or(f.email) AS email, (array_agg(DISTINCT f.actor_id))[1:3] AS actors
              FROM f GROUP BY f.nid, f.owner_id, f.content_id),
        c AS (SELECT g.*, greatest(1, coalesce((SELECT k.likes FROM content_counters k WHERE k.content_id = g.content_id), 0)
                  - (SELECT count(*) FROM likes x WHERE x.content_id = g.content_id AND x.user_id = g.owner_id)
                  - (SELECT count(*) FROM mutes m JOIN likes x ON x.content_id = g.content_id AND x.user_id = m.muted_id WHERE m.muter_id = g.owner_id)
                  - (SELECT count(DISTINCT x.user_id) FROM blocks b JOIN likes x ON x.content_id = g.content_id
                         AND x.user_id = CASE WHEN b.blocker_id = g.owner_id THEN b.blocked_id ELSE b.blocker_id END
                     WHERE (b.blocker_id = g.owner_id OR b.blocked_id = g.owner_id)
                       AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = g.owner_id AND m.muted_id = x.user_id)))::int AS likes
              FROM g),
        n AS (INSERT INTO notifications AS n (id, user_id, type, subject_id, subject_kind, item_id, data, in_app, actor_count, latest_actors, created_at, updated_at)
              SELECT nid, owner_id, 'like', content_id, kind, CASE WHEN kind = 'comment' THEN parent ELSE content_id END,
                     CASE WHEN kind = 'comment' THEN jsonb_build_object('comment_id', content_id) ELSE jsonb_build_object() END,
                     in_app, likes, actors, $5, $5
              FROM c ORDER BY nid
              ON CONFLICT (id) DO UPDATE SET actor_count = EXCLUDED.actor_count,
                  latest_actors = (EXCLUDED.latest_actors || ARRAY(SELECT a FROM unnest(n.latest_actors) a WHERE a <> ALL (EXCLUDED.latest_actors)))[1:3],
                  updated_at = greatest(n.updated_at, EXCLUDED.updated_at), read_at = NULL, in_app = n.in_app OR EXCLUDED.in_app
              WHERE n.actor_count IS DISTINCT FROM EXCLUDED.actor_count
              RETURNING n.id, n.user_id, n.in_app),
        d AS (INSERT INTO notification_deliveries (notification_id, user_id, channel, next_attempt_at)
              SELECT n.id, n.user_id, ch.channel, $5 + CASE WHEN ch.channel = 'push' THEN $6::interval ELSE interval '0' END
              FROM n JOIN c ON c.nid = n.id CROSS JOIN LATERAL (VALUES ('push', c.push), ('email', c.email)) AS ch(channel, wanted) WHERE ch.wanted
              ON CONFLICT (notification_id, channel) WHERE done_at IS NULL DO NOTHING)
        SELECT n.id, n.user_id FROM n JOIN notification_watchers w ON w.user_id = n.user_id AND w.watch_until > now() WHERE n.in_app
        """;

    /// <summary><paramref name="likesJson"/> is the event's "likes" array.</summary>
    public async Task<List<(Guid NotificationId, Guid UserId)>> ApplyAsync(string likesJson)
    {
        await using var cmd = db.CreateCommand(Sql);
        Tx.AddParameters(cmd, likesJson,
            NotificationDefaults.Enabled(NotificationType.Like, NotificationChannel.InApp),
            NotificationDefaults.Enabled(NotificationType.Like, NotificationChannel.Push),
            NotificationDefaults.Enabled(NotificationType.Like, NotificationChannel.Email),
            clock.GetUtcNow(), options.Value.PushDelay);
        var watched = new List<(Guid, Guid)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) watched.Add((r.GetGuid(0), r.GetGuid(1)));
        return watched;
    }
}
