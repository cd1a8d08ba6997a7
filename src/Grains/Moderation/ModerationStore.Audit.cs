using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Moderation;

/// <summary>Reading the audit log, and rows for actions that write nothing of their own.</summary>
public sealed partial class ModerationStore
{
    /// <summary>Newest first on (at, id); the actor's username joined for display.</summary>
    public async Task<AuditPage> AuditAsync(AuditFilter filter, PageCursor? after, int limit)
    {
        await using var cmd = db.CreateCommand("""
            SELECT l.id, l.at, l.actor_id, a.username, l.action, l.target_type, l.target_id, l.reason, l.request_id, l.details::text
            FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id
            WHERE ($1::uuid IS NULL OR l.actor_id = $1) AND ($2::text IS NULL OR l.action = $2)
              AND ($3::text IS NULL OR l.target_type = $3) AND ($4::text IS NULL OR l.target_id = $4)
              AND ($5::timestamptz IS NULL OR (l.at, l.id) < ($5, $6))
            ORDER BY l.at DESC, l.id DESC LIMIT $7
            """);
        Tx.AddParameters(cmd, (object?)filter.ActorId ?? DBNull.Value, (object?)filter.Action ?? DBNull.Value, (object?)filter.TargetType ?? DBNull.Value,
            (object?)filter.TargetId ?? DBNull.Value, (object?)after?.At ?? DBNull.Value, (object?)after?.Id ?? Guid.Empty, limit + 1);
        var rows = new List<AuditRecord>();
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                rows.Add(new AuditRecord(r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1), r.IsDBNull(2) ? null : r.GetGuid(2),
                    r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
                    r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9)));
            }
        }
        return rows.Count > limit ? new AuditPage(rows[..limit], new PageCursor(rows[limit - 1].At, rows[limit - 1].Id)) : new AuditPage(rows, null);
    }

    public async Task RecordAsync(AuditEntry entry)
    {
        await using var tx = await Tx.BeginAsync(db);
        await AuditLog.AppendAsync(tx, entry);
        await tx.CommitAsync();
    }
}
