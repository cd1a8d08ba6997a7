using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Notifications;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Notifications;

/// <summary>
/// "New video/post from someone you follow" (and "… is live"), written set-based: the author's followers are paged (newest follow
/// first, FanoutBatch at a time) and each page is ONE statement that skips followers who muted or blocked (either
/// way) the author or turned the type off, inserts the notifications (one per follower and item: a redelivered event
/// inserts nothing), and queues push/email deliveries for the followers who opted in to those channels (off by
/// default). No grain is activated per follower who is not connected: the statement also returns the new notifications
/// of followers some API host watches (notification_watchers), and once the page has committed their grains push them
/// as every other notification is pushed. The followers and who hides from whom are read through
/// <see cref="NotificationAudienceReadModel"/>.
/// </summary>
public sealed class NewContentFanout(
    [FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared, IGrainFactory grains, IOptions<NotificationOptions> options, TimeProvider clock, ILogger<NewContentFanout> logger)
{
    private static readonly string Sql = $"""
        WITH f AS ({NotificationAudienceReadModel.FollowersPageSql("$1", "$2", "$3", "$4")}),
        r AS (SELECT f.follower_id AS user_id,
                     coalesce((SELECT enabled FROM notification_preferences p
                               WHERE p.user_id = f.follower_id AND p.type = $10 AND p.channel = 'in_app'), true) AS in_app
              FROM f
              WHERE NOT {NotificationAudienceReadModel.HiddenSql("f.follower_id", "$1::uuid")}),
        ext AS (SELECT p.user_id, p.channel FROM notification_preferences p JOIN r ON r.user_id = p.user_id
                WHERE p.type = $10 AND p.channel IN ('push', 'email') AND p.enabled),
        n AS (INSERT INTO notifications (id, user_id, type, subject_id, subject_kind, item_id, actor_count, latest_actors, data, in_app, created_at, updated_at)
              SELECT {NotificationIds.Sql("r.user_id", "$10", "$5")}, r.user_id, $10, $5, $6, $5, 1, ARRAY[$1::uuid], $7::jsonb, r.in_app, $8, $8
              FROM r WHERE r.in_app OR EXISTS (SELECT 1 FROM ext WHERE ext.user_id = r.user_id)
              ON CONFLICT (id) DO NOTHING
              RETURNING id, user_id, in_app),
        a AS (INSERT INTO notification_actors (notification_id, actor_id, last_at) SELECT id, $1, $8 FROM n),
        d AS (INSERT INTO notification_deliveries (notification_id, user_id, channel, next_attempt_at)
              SELECT n.id, n.user_id, ext.channel, $8 + CASE WHEN ext.channel = 'push' THEN $9::interval ELSE interval '0' END
              FROM n JOIN ext ON ext.user_id = n.user_id),
        w AS (SELECT n.id, n.user_id FROM n JOIN notification_watchers x ON x.user_id = n.user_id AND x.watch_until > now() WHERE n.in_app)
        SELECT count(*), min(created_at), (array_agg(follower_id ORDER BY created_at, follower_id))[1],
               (SELECT coalesce(array_agg(id ORDER BY user_id), ARRAY[]::uuid[]) FROM w),
               (SELECT coalesce(array_agg(user_id ORDER BY user_id), ARRAY[]::uuid[]) FROM w)
        FROM f
        """;

    /// <summary>Announces the item to every follower of the author; returns how many followers were looked at.</summary>
    public Task<long> AnnounceAsync(Guid authorId, Guid itemId, string itemKind, string? text) =>
        AnnounceAsync(NotificationType.NewContent, authorId, itemId, itemKind, text);

    /// <summary>The same for another type with the same audience (a live start).</summary>
    public async Task<long> AnnounceAsync(NotificationType type, Guid authorId, Guid itemId, string itemKind, string? text)
    {
        var batch = options.Value.FanoutBatch;
        var data = JsonSerializer.Serialize(text is null ? new Dictionary<string, string>() : new() { ["text"] = text });
        var now = clock.GetUtcNow();
        (DateTimeOffset At, Guid Id)? cursor = null;
        long seen = 0;
        while (true)
        {
            long count;
            Guid[] notifications, watchers;
            // Prepared: it runs for every new post and video, and planning it cost more than running it.
            await using (var cmd = await PreparedCommand.OpenAsync(prepared, Sql, authorId, (object?)cursor?.At ?? DBNull.Value, (object?)cursor?.Id ?? DBNull.Value,
                batch, itemId, itemKind, data, now, options.Value.PushDelay, NotificationNames.Of(type)))
            {
                await using var r = await cmd.Command.ExecuteReaderAsync();
                await r.ReadAsync();
                (count, notifications, watchers) = (r.GetInt64(0), r.GetFieldValue<Guid[]>(3), r.GetFieldValue<Guid[]>(4));
                if (count == batch) cursor = (r.GetFieldValue<DateTimeOffset>(1), r.GetGuid(2));
            }
            // The page's statement has committed (its implicit transaction ended with the reader): the rows are readable.
            await PushAsync(notifications, watchers);
            seen += count;
            if (count < batch) return seen;
        }
    }

    /// <summary>
    /// At most one page of pushes at a time. A failed push is not retried: the user's next renewal still moves the
    /// unread count, and re-running the fan-out would insert (and push) nothing.
    /// </summary>
    private async Task PushAsync(Guid[] notifications, Guid[] users)
    {
        try
        {
            await Task.WhenAll(users.Select((user, i) => grains.Ref<INotificationGrain>(user).PushAsync(notifications[i])));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Pushing {Count} new-content notifications to connected followers failed", users.Length);
        }
    }
}
