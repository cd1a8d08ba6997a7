using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.Grains.Notifications;

/// <summary>A user's explicit notification preferences and FCM devices.</summary>
public sealed class NotificationSettingsStore(NpgsqlDataSource db)
{
    public async Task<Dictionary<(NotificationType, NotificationChannel), bool>> LoadPreferencesAsync(Guid userId)
    {
        await using var cmd = db.CreateCommand("SELECT type, channel, enabled FROM notification_preferences WHERE user_id = $1");
        Tx.AddParameters(cmd, userId);
        await using var r = await cmd.ExecuteReaderAsync();
        var map = new Dictionary<(NotificationType, NotificationChannel), bool>();
        while (await r.ReadAsync()) map[(NotificationNames.ParseType(r.GetString(0)), NotificationNames.ParseChannel(r.GetString(1)))] = r.GetBoolean(2);
        return map;
    }

    public async Task SavePreferencesAsync(Guid userId, IReadOnlyList<NotificationPreference> changes)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO notification_preferences (user_id, type, channel, enabled)
            SELECT $1, t, c, e FROM unnest($2::text[], $3::text[], $4::boolean[]) AS x(t, c, e)
            ON CONFLICT (user_id, type, channel) DO UPDATE SET enabled = EXCLUDED.enabled
            """);
        Tx.AddParameters(cmd, userId, changes.Select(c => NotificationNames.Of(c.Type)).ToArray(),
            changes.Select(c => NotificationNames.Of(c.Channel)).ToArray(), changes.Select(c => c.Enabled).ToArray());
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Upserts the token for this user, then drops the user's oldest devices beyond the limit.</summary>
    public async Task RegisterDeviceAsync(Guid userId, string token, string platform, int maxDevices)
    {
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("""
            INSERT INTO devices (token, user_id, platform, created_at, last_seen_at) VALUES ($1, $2, $3, now(), now())
            ON CONFLICT (token) DO UPDATE SET user_id = EXCLUDED.user_id, platform = EXCLUDED.platform, last_seen_at = now(),
                created_at = CASE WHEN devices.user_id = EXCLUDED.user_id THEN devices.created_at ELSE now() END
            """, token, userId, platform);
        await tx.ExecuteAsync("""
            DELETE FROM devices WHERE user_id = $1 AND token IN (
                SELECT token FROM devices WHERE user_id = $1 ORDER BY last_seen_at DESC, token OFFSET $2)
            """, userId, maxDevices);
        await tx.CommitAsync();
    }

    public async Task<bool> RemoveDeviceAsync(Guid userId, string token)
    {
        await using var cmd = db.CreateCommand("DELETE FROM devices WHERE token = $1 AND user_id = $2");
        Tx.AddParameters(cmd, token, userId);
        return await cmd.ExecuteNonQueryAsync() == 1;
    }
}
