using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Email;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.Notifications.Delivery;

/// <summary>
/// Moves due email deliveries into the email outbox (which sends through SendGrid with its own retries), at most one
/// email per user per EmailDigestInterval: the first goes at once with the type's template; what comes within the
/// interval waits and leaves as one digest. Per user, one transaction locks the user's email state row, writes the
/// email_outbox row and marks the deliveries done, so each delivery lands in exactly one email. Only verified
/// addresses get notification email.
/// </summary>
public sealed class EmailDigestDispatcher(
    NpgsqlDataSource db, IOptions<NotificationOptions> options, IOptions<AccountOptions> accounts, ILogger<EmailDigestDispatcher> logger)
    : BackgroundService
{
    private const int UsersPerRound = 50;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                foreach (var user in await DueUsersAsync(ct)) await DigestAsync(user);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Notification emails unavailable; retrying");
            }
            try { await Task.Delay(options.Value.PollInterval, ct); } catch (OperationCanceledException) { return; }
        }
    }

    private async Task<List<Guid>> DueUsersAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT DISTINCT user_id FROM notification_deliveries
            WHERE channel = 'email' AND done_at IS NULL AND next_attempt_at <= now() LIMIT $1
            """);
        Tx.AddParameters(cmd, UsersPerRound);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Guid>();
        while (await r.ReadAsync(ct)) list.Add(r.GetGuid(0));
        return list;
    }

    private async Task DigestAsync(Guid userId)
    {
        var interval = options.Value.EmailDigestInterval;
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("INSERT INTO notification_email_state (user_id, last_sent_at) VALUES ($1, NULL) ON CONFLICT DO NOTHING", userId);
        DateTimeOffset? last;
        DateTimeOffset now;
        await using (var state = tx.Command("SELECT last_sent_at, now() FROM notification_email_state WHERE user_id = $1 FOR UPDATE", userId))
        await using (var r = await state.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            last = r.IsDBNull(0) ? null : r.GetFieldValue<DateTimeOffset>(0);
            now = r.GetFieldValue<DateTimeOffset>(1);
        }
        if (last is { } l && l + interval > now)
        {
            await tx.ExecuteAsync("""
                UPDATE notification_deliveries SET next_attempt_at = $2 WHERE user_id = $1 AND channel = 'email' AND done_at IS NULL
                """, userId, l + interval);
            await tx.CommitAsync();
            return;
        }
        var pending = new List<(long Id, Guid NotificationId)>();
        await using (var rows = tx.Command("""
            SELECT id, notification_id FROM notification_deliveries
            WHERE user_id = $1 AND channel = 'email' AND done_at IS NULL ORDER BY id FOR UPDATE
            """, userId))
        await using (var r = await rows.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) pending.Add((r.GetInt64(0), r.GetGuid(1)));
        }
        string? address = null;
        await using (var account = tx.Command("SELECT email::text FROM accounts WHERE id = $1 AND email_verified", userId))
        {
            address = await account.ExecuteScalarAsync() as string;
        }
        var views = new List<Interfaces.Notifications.NotificationView>();
        foreach (var (_, notificationId) in pending)
        {
            if (await NotificationQueries.ViewAsync(db, userId, notificationId) is { } v) views.Add(v);
        }
        var outcome = address is null ? "no_address" : views.Count == 0 ? "gone" : "sent";
        if (outcome == "sent")
        {
            var text = NotificationTemplates.Email(views, accounts.Value.PublicBaseUrl);
            await Outbox.InsertAsync(tx, new OutboxEmail(text.Kind, address!, text.Subject, text.Body));
            await tx.ExecuteAsync("UPDATE notification_email_state SET last_sent_at = now() WHERE user_id = $1", userId);
        }
        await tx.ExecuteAsync("UPDATE notification_deliveries SET done_at = now(), outcome = $2 WHERE id = ANY($1)",
            pending.Select(p => p.Id).ToArray(), outcome);
        await tx.CommitAsync();
    }
}
