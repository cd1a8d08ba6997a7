using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Email;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Users;

/// <summary>The SQL of one account: its row, sessions, refresh tokens, one-time tokens and recovery codes.</summary>
public sealed partial class AccountStore(NpgsqlDataSource db, [FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared)
{
    private const string ActiveSession = "revoked_at IS NULL AND expires_at > now()";

    /// <summary>
    /// The account's row and the ids of its active sessions, in one round trip: an activation is nearly always its owner's
    /// request, whose session it checks next (a cold authenticated request then waits for two reads, not three).
    /// </summary>
    public async Task<(AccountRow? Account, HashSet<Guid> ActiveSessions)> LoadAsync(Guid id)
    {
        // Prepared: every activation of an account runs it (planning cost PostgreSQL four times the execution).
        await using var connection = await prepared.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT email, username, password_hash, email_verified, roles, totp_secret, totp_pending_secret,
                   totp_last_step, disabled_at, created_at, {Until("suspended_until")}, {Until("limited_until")}, display_name
            FROM accounts WHERE id = $1
            """) { Parameters = { new() { Value = id } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT id FROM sessions WHERE user_id = $1 AND {ActiveSession}")
        {
            Parameters = { new() { Value = id } },
        });
        await batch.PrepareAsync();
        await using var r = await batch.ExecuteReaderAsync();
        var account = await r.ReadAsync() ? Account(r, id) : null;
        await r.NextResultAsync();
        var sessions = new HashSet<Guid>();
        while (await r.ReadAsync()) sessions.Add(r.GetGuid(0));
        return (account, sessions);
    }

    private static AccountRow Account(NpgsqlDataReader r, Guid id) => new()
    {
        Id = id,
        Email = r.GetString(0),
        Username = r.GetString(1),
        PasswordHash = r.GetString(2),
        EmailVerified = r.GetBoolean(3),
        Roles = r.GetFieldValue<string[]>(4),
        TotpSecret = r.IsDBNull(5) ? null : r.GetString(5),
        TotpPendingSecret = r.IsDBNull(6) ? null : r.GetString(6),
        TotpLastStep = r.IsDBNull(7) ? null : r.GetInt64(7),
        DisabledAt = r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(9),
        SuspendedUntil = r.IsDBNull(10) ? null : r.GetFieldValue<DateTimeOffset>(10),
        LimitedUntil = r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11),
        DisplayName = r.IsDBNull(12) ? null : r.GetString(12),
    };

    /// <summary>A standing column read so that 'infinity' (for good) comes back as <see cref="ForGood"/>.</summary>
    internal static string Until(string column) =>
        $"CASE WHEN {column} = 'infinity' THEN '9999-12-31 00:00:00+00'::timestamptz ELSE {column} END";

    /// <summary>Inserts the account with its verification token and email, all or nothing.</summary>
    public async Task<RegisterOutcome> InsertAsync(AccountRow account, byte[] verifyTokenHash, TimeSpan verifyTtl, OutboxEmail email)
    {
        try
        {
            await using var tx = await Tx.BeginAsync(db);
            await tx.ExecuteAsync("""
                INSERT INTO accounts (id, email, username, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
                """, account.Id, account.Email, account.Username, account.PasswordHash, account.CreatedAt);
            await InsertAccountTokenAsync(tx, account.Id, "verify_email", verifyTokenHash, verifyTtl);
            await Outbox.InsertAsync(tx, email);
            await tx.CommitAsync();
            return RegisterOutcome.Created;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return e.ConstraintName switch
            {
                "accounts_email_key" => RegisterOutcome.EmailTaken,
                "accounts_username_key" => RegisterOutcome.UsernameTaken,
                _ => RegisterOutcome.AlreadyExists,
            };
        }
    }

    /// <summary>Opens a session and returns the account's roles as PostgreSQL has them, for the session's first access token.</summary>
    public async Task<string[]> CreateSessionAsync(Guid userId, Guid sessionId, byte[] tokenHash, ClientInfo client, TimeSpan lifetime, int maxSessions, OutboxEmail? notice)
    {
        await using var tx = await Tx.BeginAsync(db);
        string[] roles;
        await using (var read = tx.Command("SELECT roles FROM accounts WHERE id = $1", userId))
        {
            roles = (string[])(await read.ExecuteScalarAsync())!;
        }
        await tx.ExecuteAsync("""
            INSERT INTO sessions (id, user_id, expires_at, ip_address, user_agent) VALUES ($1, $2, now() + $3, $4, $5)
            """, sessionId, userId, lifetime, (object?)client.IpAddress ?? DBNull.Value, (object?)client.UserAgent ?? DBNull.Value);
        await tx.ExecuteAsync("INSERT INTO refresh_tokens (token_hash, session_id, user_id) VALUES ($1, $2, $3)", tokenHash, sessionId, userId);
        await tx.ExecuteAsync("""
            UPDATE sessions SET revoked_at = now(), revoke_reason = 'session_limit'
            WHERE id IN (SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL
                         ORDER BY last_used_at DESC OFFSET $2)
            """, userId, maxSessions);
        if (notice is not null) await Outbox.InsertAsync(tx, notice);
        await tx.CommitAsync();
        return roles;
    }

    public enum RotateOutcome { Rotated, Reused, Invalid }

    /// <summary>
    /// Marks the presented token used and stores its successor; a used token revokes the session. Also returns the
    /// account's roles as PostgreSQL has them, for the access token that goes with the successor.
    /// </summary>
    public async Task<(RotateOutcome Outcome, Guid SessionId, string[] Roles)> RotateRefreshTokenAsync(Guid userId, byte[] presentedHash, byte[] nextHash, TimeSpan lifetime)
    {
        await using var tx = await Tx.BeginAsync(db);
        (Guid SessionId, bool Used, bool Dead, string[] Roles)? found = null;
        await using (var find = tx.Command("""
            SELECT t.session_id, t.used_at IS NOT NULL, s.revoked_at IS NOT NULL OR s.expires_at <= now(), a.roles
            FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id JOIN accounts a ON a.id = t.user_id
            WHERE t.token_hash = $1 AND t.user_id = $2
            FOR UPDATE OF t, s
            """, presentedHash, userId))
        await using (var r = await find.ExecuteReaderAsync())
        {
            if (await r.ReadAsync()) found = (r.GetGuid(0), r.GetBoolean(1), r.GetBoolean(2), r.GetFieldValue<string[]>(3));
        }
        if (found is not { } row) return (RotateOutcome.Invalid, default, []);
        if (row.Dead) return (RotateOutcome.Invalid, row.SessionId, []);
        if (row.Used)
        {
            await tx.ExecuteAsync("UPDATE sessions SET revoked_at = now(), revoke_reason = 'refresh_token_reuse' WHERE id = $1", row.SessionId);
            await tx.CommitAsync();
            return (RotateOutcome.Reused, row.SessionId, []);
        }
        await tx.ExecuteAsync("UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1", presentedHash);
        await tx.ExecuteAsync("INSERT INTO refresh_tokens (token_hash, session_id, user_id) VALUES ($1, $2, $3)", nextHash, row.SessionId, userId);
        await tx.ExecuteAsync("UPDATE sessions SET last_used_at = now(), expires_at = now() + $2 WHERE id = $1", row.SessionId, lifetime);
        await tx.CommitAsync();
        return (RotateOutcome.Rotated, row.SessionId, row.Roles);
    }

    /// <summary>Replaces the roles and appends the change to the audit log, all or nothing.</summary>
    public async Task SetRolesAsync(Guid userId, string[] roles, AuditEntry audit)
    {
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("UPDATE accounts SET roles = $2 WHERE id = $1", userId, roles);
        await AuditLog.AppendAsync(tx, audit);
        await tx.CommitAsync();
    }

    /// <summary>Revokes the session that a refresh token (used or not) belongs to; null when the token is unknown.</summary>
    public async Task<Guid?> RevokeSessionOfTokenAsync(Guid userId, byte[] tokenHash, string reason)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE sessions s SET revoked_at = COALESCE(s.revoked_at, now()), revoke_reason = COALESCE(s.revoke_reason, $3)
            FROM refresh_tokens t WHERE t.token_hash = $1 AND t.user_id = $2 AND s.id = t.session_id
            RETURNING s.id
            """);
        Tx.AddParameters(cmd, tokenHash, userId, reason);
        return await cmd.ExecuteScalarAsync() is Guid id ? id : null;
    }

    public async Task<bool> RevokeSessionAsync(Guid userId, Guid sessionId, string reason)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE sessions SET revoked_at = now(), revoke_reason = $3
            WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
            """);
        Tx.AddParameters(cmd, sessionId, userId, reason);
        return await cmd.ExecuteNonQueryAsync() == 1;
    }

    public async Task<List<SessionInfo>> ListActiveSessionsAsync(Guid userId)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT id, created_at, last_used_at, expires_at, ip_address, user_agent FROM sessions
            WHERE user_id = $1 AND {ActiveSession}
            ORDER BY last_used_at DESC
            """);
        Tx.AddParameters(cmd, userId);
        await using var r = await cmd.ExecuteReaderAsync();
        var sessions = new List<SessionInfo>();
        while (await r.ReadAsync())
        {
            sessions.Add(new SessionInfo(r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1), r.GetFieldValue<DateTimeOffset>(2),
                r.GetFieldValue<DateTimeOffset>(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)));
        }
        return sessions;
    }

    public async Task IssueAccountTokenAsync(Guid userId, string purpose, byte[] tokenHash, TimeSpan ttl, OutboxEmail email)
    {
        await using var tx = await Tx.BeginAsync(db);
        await InsertAccountTokenAsync(tx, userId, purpose, tokenHash, ttl);
        await Outbox.InsertAsync(tx, email);
        await tx.CommitAsync();
    }

    public async Task<bool> VerifyEmailAsync(Guid userId, byte[] tokenHash)
    {
        await using var tx = await Tx.BeginAsync(db);
        if (!await ConsumeAccountTokenAsync(tx, userId, "verify_email", tokenHash)) return false;
        await tx.ExecuteAsync("UPDATE accounts SET email_verified = true WHERE id = $1", userId);
        await tx.CommitAsync();
        return true;
    }

    /// <summary>Sets a new password hash and, when asked, ends every session, in one transaction.</summary>
    public async Task<bool> SetPasswordAsync(Guid userId, string passwordHash, byte[]? resetTokenHash, bool revokeSessions)
    {
        await using var tx = await Tx.BeginAsync(db);
        if (resetTokenHash is not null && !await ConsumeAccountTokenAsync(tx, userId, "reset_password", resetTokenHash)) return false;
        await tx.ExecuteAsync("UPDATE accounts SET password_hash = $2 WHERE id = $1", userId, passwordHash);
        if (revokeSessions)
        {
            await tx.ExecuteAsync("UPDATE sessions SET revoked_at = now(), revoke_reason = 'password_changed' WHERE user_id = $1 AND revoked_at IS NULL", userId);
        }
        await tx.CommitAsync();
        return true;
    }

    public async Task SetTotpPendingAsync(Guid userId, string? secret)
    {
        await using var cmd = db.CreateCommand("UPDATE accounts SET totp_pending_secret = $2 WHERE id = $1");
        Tx.AddParameters(cmd, userId, (object?)secret ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Turns two-factor on with the confirmed secret and replaces the recovery codes.</summary>
    public async Task EnableTotpAsync(Guid userId, string secret, long usedStep, IEnumerable<byte[]> recoveryCodeHashes)
    {
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("UPDATE accounts SET totp_secret = $2, totp_pending_secret = NULL, totp_last_step = $3 WHERE id = $1", userId, secret, usedStep);
        await tx.ExecuteAsync("DELETE FROM recovery_codes WHERE user_id = $1", userId);
        foreach (var hash in recoveryCodeHashes)
        {
            await tx.ExecuteAsync("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)", userId, hash);
        }
        await tx.CommitAsync();
    }

    public async Task DisableTotpAsync(Guid userId)
    {
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("UPDATE accounts SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL WHERE id = $1", userId);
        await tx.ExecuteAsync("DELETE FROM recovery_codes WHERE user_id = $1", userId);
        await tx.CommitAsync();
    }

    public async Task SetTotpLastStepAsync(Guid userId, long step)
    {
        await using var cmd = db.CreateCommand("UPDATE accounts SET totp_last_step = $2 WHERE id = $1");
        Tx.AddParameters(cmd, userId, step);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<bool> ConsumeRecoveryCodeAsync(Guid userId, byte[] codeHash)
    {
        await using var cmd = db.CreateCommand("UPDATE recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL");
        Tx.AddParameters(cmd, userId, codeHash);
        return await cmd.ExecuteNonQueryAsync() == 1;
    }

    private static Task InsertAccountTokenAsync(Tx tx, Guid userId, string purpose, byte[] tokenHash, TimeSpan ttl) =>
        tx.ExecuteAsync("INSERT INTO account_tokens (token_hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, now() + $4)",
            tokenHash, userId, purpose, ttl);

    private static async Task<bool> ConsumeAccountTokenAsync(Tx tx, Guid userId, string purpose, byte[] tokenHash) =>
        await tx.ExecuteAsync("""
            UPDATE account_tokens SET used_at = now()
            WHERE token_hash = $1 AND user_id = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > now()
            """, tokenHash, userId, purpose) == 1;
}
