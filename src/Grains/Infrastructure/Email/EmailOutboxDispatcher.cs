using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Infrastructure.Email;

/// <summary>
/// Sends queued emails. Rows are claimed with SKIP LOCKED and a lease (next_attempt_at pushed forward),
/// so several silos share the work and a crash mid-send means a retry, never a loss.
/// </summary>
public sealed class EmailOutboxDispatcher(
    NpgsqlDataSource db, [FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared, IEmailSender sender, IOptions<EmailOptions> options, ILogger<EmailOutboxDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 20;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var interval = options.Value.PollInterval;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var batch = await ClaimAsync(ct);
                foreach (var email in batch) await DeliverAsync(email, ct);
                if (batch.Count == BatchSize) continue;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Email outbox unavailable; retrying");
            }
            try { await Task.Delay(interval, ct); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Prepared: it runs every PollInterval, and its planning cost more than an empty claim.</summary>
    private async Task<List<PendingEmail>> ClaimAsync(CancellationToken ct)
    {
        await using var claim = await PreparedCommand.OpenAsync(prepared, """
            UPDATE email_outbox SET attempts = attempts + 1,
                   next_attempt_at = now() + interval '30 seconds' * power(2, least(attempts, 10))
            WHERE id IN (SELECT id FROM email_outbox
                         WHERE sent_at IS NULL AND next_attempt_at <= now() AND attempts < $1
                         ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING id, kind, recipient, subject, text_body
            """, options.Value.MaxAttempts, BatchSize);
        await using var r = await claim.Command.ExecuteReaderAsync(ct);
        var batch = new List<PendingEmail>();
        while (await r.ReadAsync(ct)) batch.Add(new(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)));
        return batch;
    }

    private async Task DeliverAsync(PendingEmail email, CancellationToken ct)
    {
        string? error = null;
        try
        {
            await sender.SendAsync(email, ct);
        }
        // Not "is not OperationCanceledException": an HTTP timeout is a TaskCanceledException, and letting it
        // escape would end this BackgroundService (and, by default, the host). Only shutdown may cancel a send.
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            error = e.Message;
            logger.LogWarning("Email {EmailId} ({Kind}) failed: {Error}", email.Id, email.Kind, e.Message);
        }
        await using var cmd = db.CreateCommand(error is null
            ? "UPDATE email_outbox SET sent_at = now(), last_error = NULL WHERE id = $1"
            : "UPDATE email_outbox SET last_error = $2 WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = email.Id });
        if (error is not null) cmd.Parameters.Add(new NpgsqlParameter { Value = error });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
