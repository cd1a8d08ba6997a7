using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.Grains.Notifications.Delivery;

/// <summary>
/// Sends due push deliveries to every device of the user. A row is claimed with SKIP LOCKED; the claim itself pushes
/// next_attempt_at forward (RetryBase × 2^attempts), which is both the lease and the retry's backoff. Each device
/// served is recorded at once (sent_tokens), so a retry after a partial failure or a crash only sends to the devices
/// not yet served, and a delivery marked done is never claimed again. Dead tokens are deleted. Without FCM
/// configuration, deliveries end as "disabled".
/// </summary>
public sealed class PushDispatcher(
    NpgsqlDataSource db, [FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared, IServiceProvider services, IOptions<FcmOptions> fcm, IOptions<NotificationOptions> options,
    ILogger<PushDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 50;
    private FcmClient? _client;

    private sealed record Claimed(long Id, Guid NotificationId, Guid UserId, int Attempts, string[] SentTokens);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (fcm.Value.Enabled) _client = (FcmClient)services.GetService(typeof(FcmClient))!;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var batch = await DeliveryClaims.ClaimAsync(prepared, "push", BatchSize, options.Value.RetryBase, ct, r =>
                    new Claimed(r.GetInt64(0), r.GetGuid(1), r.GetGuid(2), r.GetInt32(3), r.GetFieldValue<string[]>(4)));
                foreach (var d in batch) await DeliverAsync(d, ct);
                if (batch.Count == BatchSize) continue;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Push deliveries unavailable; retrying");
            }
            try { await Task.Delay(options.Value.PollInterval, ct); } catch (OperationCanceledException) { return; }
        }
    }

    private async Task DeliverAsync(Claimed d, CancellationToken ct)
    {
        if (d.Attempts > options.Value.MaxAttempts) { await DeliveryClaims.FinishAsync(db, d.Id, "gave_up"); return; }
        if (_client is null) { await DeliveryClaims.FinishAsync(db, d.Id, "disabled"); return; }
        var view = await NotificationQueries.ViewAsync(db, d.UserId, d.NotificationId);
        if (view is null) { await DeliveryClaims.FinishAsync(db, d.Id, "gone"); return; }
        var (title, body) = NotificationTemplates.Push(view);
        var data = new Dictionary<string, string> { ["notification_id"] = view.Id.ToString(), ["type"] = NotificationNames.Of(view.Type) };
        if (view.ItemId is { } item) data["item_id"] = item.ToString();
        string? error = null;
        var tokens = await DevicesAsync(d.UserId);
        foreach (var token in tokens.Except(d.SentTokens))
        {
            PushOutcome outcome;
            string? detail;
            try
            {
                (outcome, detail) = await _client.SendAsync(token, title, body, data, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested) // HttpRequestException, a timeout, the token endpoint down
            {
                (outcome, detail) = (PushOutcome.Retry, e.Message);
            }
            switch (outcome)
            {
                case PushOutcome.Sent:
                    await ExecuteAsync("UPDATE notification_deliveries SET sent_tokens = array_append(sent_tokens, $2) WHERE id = $1", d.Id, token);
                    break;
                case PushOutcome.InvalidToken:
                    logger.LogInformation("FCM refused a device token of user {UserId} ({Detail}); removing it", d.UserId, detail);
                    await ExecuteAsync("DELETE FROM devices WHERE token = $1 AND user_id = $2", token, d.UserId);
                    break;
                default:
                    error = detail;
                    break;
            }
        }
        if (error is null) await DeliveryClaims.FinishAsync(db, d.Id, tokens.Count == 0 ? "no_devices" : "sent");
        else
        {
            logger.LogWarning("Push of notification {NotificationId} failed (attempt {Attempt}): {Error}", d.NotificationId, d.Attempts, error);
            await ExecuteAsync("UPDATE notification_deliveries SET last_error = $2 WHERE id = $1", d.Id, error);
        }
    }

    private async Task<List<string>> DevicesAsync(Guid userId)
    {
        await using var cmd = db.CreateCommand("SELECT token FROM devices WHERE user_id = $1 ORDER BY last_seen_at DESC");
        Tx.AddParameters(cmd, userId);
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<string>();
        while (await r.ReadAsync()) list.Add(r.GetString(0));
        return list;
    }

    private async Task ExecuteAsync(string sql, params object[] args)
    {
        await using var cmd = db.CreateCommand(sql);
        Tx.AddParameters(cmd, args);
        await cmd.ExecuteNonQueryAsync();
    }
}
