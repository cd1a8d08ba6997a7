using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Users;

/// <summary>An account's standing (suspended_until, limited_until) and the copy of its display name.</summary>
public sealed partial class AccountStore
{
    /// <summary>How "for good" is held in memory; stored as PostgreSQL's 'infinity'.</summary>
    public static readonly DateTimeOffset ForGood = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Sets both standing columns (null: none) and appends the audit row, all or nothing; when
    /// <paramref name="endSessions"/>, every open session is revoked in the same transaction.
    /// </summary>
    public async Task SetStandingAsync(Guid userId, DateTimeOffset? suspendedUntil, DateTimeOffset? limitedUntil, bool endSessions, AuditEntry audit)
    {
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("""
            UPDATE accounts SET
                suspended_until = CASE WHEN $2::timestamptz >= $4 THEN 'infinity' ELSE $2::timestamptz END,
                limited_until = CASE WHEN $3::timestamptz >= $4 THEN 'infinity' ELSE $3::timestamptz END
            WHERE id = $1
            """, userId, (object?)suspendedUntil ?? DBNull.Value, (object?)limitedUntil ?? DBNull.Value, ForGood);
        if (endSessions)
        {
            await tx.ExecuteAsync("UPDATE sessions SET revoked_at = now(), revoke_reason = 'suspended' WHERE user_id = $1 AND revoked_at IS NULL", userId);
        }
        await AuditLog.AppendAsync(tx, audit);
        await tx.CommitAsync();
    }

    /// <summary>The account's active sessions, read in the transaction that appends the audit row of the read.</summary>
    public async Task<List<SessionInfo>> ReadPrivateDetailsAsync(Guid userId, AuditEntry audit)
    {
        await using var tx = await Tx.BeginAsync(db);
        await AuditLog.AppendAsync(tx, audit);
        await tx.CommitAsync();
        return await ListActiveSessionsAsync(userId);
    }

    public async Task SetDisplayNameAsync(Guid userId, string? displayName)
    {
        await using var cmd = db.CreateCommand("UPDATE accounts SET display_name = $2 WHERE id = $1");
        Tx.AddParameters(cmd, userId, (object?)displayName ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync();
    }
}
