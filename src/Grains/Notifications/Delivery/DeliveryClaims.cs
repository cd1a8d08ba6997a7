using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.Grains.Notifications.Delivery;

/// <summary>The delivery outbox's claim (lease + backoff in one UPDATE) and completion.</summary>
public static class DeliveryClaims
{
    /// <summary>Prepared (give it the <see cref="PostgresRegistration.PreparedPool"/>): every dispatcher polls with it each
    /// PollInterval, found or not, and planning it cost PostgreSQL 4.6 ms of the 7 ms a poll took.</summary>
    public static async Task<List<T>> ClaimAsync<T>(NpgsqlDataSource prepared, string channel, int limit, TimeSpan retryBase, CancellationToken ct, Func<NpgsqlDataReader, T> read)
    {
        await using var claim = await PreparedCommand.OpenAsync(prepared, """
            UPDATE notification_deliveries SET attempts = attempts + 1,
                   next_attempt_at = now() + $3::interval * power(2, least(attempts, 12))
            WHERE id IN (SELECT id FROM notification_deliveries
                         WHERE channel = $1 AND done_at IS NULL AND next_attempt_at <= now()
                         ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING id, notification_id, user_id, attempts, sent_tokens
            """, channel, limit, retryBase);
        await using var r = await claim.Command.ExecuteReaderAsync(ct);
        var list = new List<T>();
        while (await r.ReadAsync(ct)) list.Add(read(r));
        return list;
    }

    public static async Task FinishAsync(NpgsqlDataSource db, long id, string outcome)
    {
        await using var cmd = db.CreateCommand("UPDATE notification_deliveries SET done_at = now(), outcome = $2 WHERE id = $1 AND done_at IS NULL");
        Tx.AddParameters(cmd, id, outcome);
        await cmd.ExecuteNonQueryAsync();
    }
}

/// <summary>Notification reads that the dispatchers share with the grain's store.</summary>
public static class NotificationQueries
{
    public static async Task<NotificationView?> ViewAsync(NpgsqlDataSource db, Guid userId, Guid id)
    {
        await using var cmd = db.CreateCommand($"SELECT {NotificationStore.ViewColumns} FROM notifications n WHERE n.user_id = $1 AND n.id = $2");
        Tx.AddParameters(cmd, userId, id);
        await using var r = await cmd.ExecuteReaderAsync();
        return await r.ReadAsync() ? NotificationStore.Read(r) : null;
    }
}
