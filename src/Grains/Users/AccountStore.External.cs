using Npgsql;
using SocialFlow.Grains.Infrastructure.Email;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Users;

/// <summary>The SQL of accounts linked to OpenID Connect identities (the external_logins table).</summary>
public sealed partial class AccountStore
{
    public sealed record Verification(byte[] TokenHash, TimeSpan Ttl, OutboxEmail Email);

    /// <summary>Inserts the account and its link (and, for an unverified email, a verification email), all or nothing.</summary>
    public async Task<RegisterOutcome> InsertExternalAsync(AccountRow account, ExternalIdentity identity, Verification? verification)
    {
        try
        {
            await using var tx = await Tx.BeginAsync(db);
            await tx.ExecuteAsync("""
                INSERT INTO accounts (id, email, username, password_hash, email_verified, created_at) VALUES ($1, $2, $3, $4, $5, $6)
                """, account.Id, account.Email, account.Username, account.PasswordHash, account.EmailVerified, account.CreatedAt);
            await tx.ExecuteAsync("INSERT INTO external_logins (provider, subject, user_id, email) VALUES ($1, $2, $3, $4)",
                identity.Provider, identity.Subject, account.Id, account.Email);
            if (verification is not null)
            {
                await InsertAccountTokenAsync(tx, account.Id, "verify_email", verification.TokenHash, verification.Ttl);
                await Outbox.InsertAsync(tx, verification.Email);
            }
            await tx.CommitAsync();
            return RegisterOutcome.Created;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return e.ConstraintName switch
            {
                "accounts_email_key" => RegisterOutcome.EmailTaken,
                "accounts_username_key" => RegisterOutcome.UsernameTaken,
                _ => RegisterOutcome.AlreadyExists, // the identity was linked meanwhile
            };
        }
    }

    /// <summary>Links the identity to the account unless either side is already linked otherwise.</summary>
    public async Task<ExternalLinkOutcome> LinkExternalAsync(Guid userId, ExternalIdentity identity)
    {
        await using var tx = await Tx.BeginAsync(db);
        var existing = new List<(Guid Owner, string Subject)>();
        await using (var find = tx.Command("""
            SELECT user_id, subject FROM external_logins WHERE provider = $1 AND (subject = $2 OR user_id = $3)
            """, identity.Provider, identity.Subject, userId))
        await using (var r = await find.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) existing.Add((r.GetGuid(0), r.GetString(1)));
        }
        if (existing.FirstOrDefault(e => e.Subject == identity.Subject) is { Subject: not null } same)
        {
            return same.Owner == userId ? ExternalLinkOutcome.Linked : ExternalLinkOutcome.LinkedElsewhere;
        }
        if (existing.Count > 0) return ExternalLinkOutcome.ProviderAlreadyLinked;
        var inserted = await tx.ExecuteAsync("""
            INSERT INTO external_logins (provider, subject, user_id, email) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING
            """, identity.Provider, identity.Subject, userId, (object?)identity.Email ?? DBNull.Value);
        await tx.CommitAsync();
        return inserted == 1 ? ExternalLinkOutcome.Linked : ExternalLinkOutcome.LinkedElsewhere;
    }

    public async Task<bool> HasExternalLoginAsync(Guid userId, string provider, string subject)
    {
        await using var cmd = db.CreateCommand("SELECT 1 FROM external_logins WHERE provider = $1 AND subject = $2 AND user_id = $3");
        Tx.AddParameters(cmd, provider, subject, userId);
        return await cmd.ExecuteScalarAsync() is not null;
    }
}
