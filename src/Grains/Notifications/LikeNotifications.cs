using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.Grains.Notifications;

/// <summary>
/// Applies a group commit's likes (one "liked_batch" event) to the owners' notifications in ONE statement: likes from
/// muted or blocked actors and likes whose owner turned every channel off are dropped; each remaining like adds its
/// actor to the (owner, like, item) group (notification_actors, unique: a redelivered batch adds nobody and so changes
/// nothing); each group that gained actors is inserted or bumped (count, latest actors, unread again) and gets its
/// push/email delivery queued. Returns the changed notifications of users who are watching right now.
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
        p AS (SELECT l.*, {NotificationIds.Sql("l.owner_id", "'like'", "l.content_id")} AS nid, o.in_app, o.push, o.email
              FROM l JOIN o ON o.owner_id = l.owner_id WHERE NOT {PostgresActorFilter.Sql("l.owner_id", "l.actor_id")}),
        f AS (SELECT * FROM p WHERE in_app OR push OR email),
        act AS (INSERT INTO notification_actors (notification_id, actor_id, last_at)
                SELECT nid, actor_id, $5 FROM f ORDER BY nid, actor_id
                ON CONFLICT DO NOTHING RETURNING notification_id, actor_id),
        g AS (SELECT f.nid, f.owner_id, f.content_id, min(f.content_kind) AS kind, (array_agg(f.parent_id))[1] AS parent,
                     bool_or(f.in_app) AS in_app, bool_or(f.push) AS push, bool_or(f.email) AS email,
                     count(*)::int AS added, (array_agg(f.actor_id))[1:3] AS actors
              FROM f JOIN act ON act.notification_id = f.nid AND act.actor_id = f.actor_id
              GROUP BY f.nid, f.owner_id, f.content_id),
        n AS (INSERT INTO notifications AS n (id, user_id, type, subject_id, subject_kind, item_id, data, in_app, actor_count, latest_actors, created_at, updated_at)
              SELECT nid, owner_id, 'like', content_id, kind, CASE WHEN kind = 'comment' THEN parent ELSE content_id END,
                     CASE WHEN kind = 'comment' THEN jsonb_build_object('comment_id', content_id) ELSE jsonb_build_object() END,
                     in_app, added, actors, $5, $5
              FROM g ORDER BY nid
              ON CONFLICT (id) DO UPDATE SET actor_count = n.actor_count + EXCLUDED.actor_count,
                  latest_actors = (EXCLUDED.latest_actors || n.latest_actors)[1:3],
                  updated_at = greatest(n.updated_at, EXCLUDED.updated_at), read_at = NULL, in_app = n.in_app OR EXCLUDED.in_app
              RETURNING n.id, n.user_id, n.in_app),
        d AS (INSERT INTO notification_deliveries (notification_id, user_id, channel, next_attempt_at)
              SELECT g.nid, g.owner_id, c.channel, $5 + CASE WHEN c.channel = 'push' THEN $6::interval ELSE interval '0' END
              FROM g CROSS JOIN LATERAL (VALUES ('push', g.push), ('email', g.email)) AS c(channel, wanted) WHERE c.wanted
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
