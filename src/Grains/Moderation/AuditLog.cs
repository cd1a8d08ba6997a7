using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Moderation;

/// <summary>One audit_log row: a privileged action, on what, why, and anything the action wants to keep (details).</summary>
public sealed record AuditEntry(AuditActor Actor, string Action, string TargetType, string TargetId, string? Reason, object? Details = null);

/// <summary>
/// The only writer of audit_log. A domain that performs a privileged action appends its entry inside the transaction
/// of the action (so there is never an action without its row, nor a row without its action): the one table a store
/// may write outside its own domain, by this call alone.
/// </summary>
public static class AuditLog
{
    /// <summary>The entry alone, in its own transaction: for an action that wrote nothing else (a retrain that kept the
    /// previous model, a reconciliation run).</summary>
    public static async Task AppendAsync(NpgsqlDataSource db, AuditEntry entry)
    {
        await using var tx = await Tx.BeginAsync(db);
        await AppendAsync(tx, entry);
        await tx.CommitAsync();
    }

    public static async Task AppendAsync(Tx tx, AuditEntry entry)
    {
        await using var cmd = tx.Command("""
            INSERT INTO audit_log (id, actor_id, action, target_type, target_id, reason, request_id, details)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """);
        Tx.AddParameters(cmd, Guid.CreateVersion7(), (object?)entry.Actor.UserId ?? DBNull.Value, entry.Action, entry.TargetType, entry.TargetId,
            (object?)entry.Reason ?? DBNull.Value, (object?)entry.Actor.RequestId ?? DBNull.Value);
        cmd.Parameters.Add(new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = entry.Details is null ? DBNull.Value : JsonSerializer.Serialize(entry.Details) });
        await cmd.ExecuteNonQueryAsync();
    }
}
