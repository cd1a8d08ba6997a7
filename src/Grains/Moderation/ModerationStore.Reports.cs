using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Moderation;

/// <summary>Filing reports and a reporter's own list.</summary>
public sealed partial class ModerationStore
{
    private const string ReportColumns = "id, target_type, target_id, reason, text, rule_ids, status, outcome, created_at, resolved_at";

    /// <summary>A case to open for a target when it has none: its owner, reach and snapshot, and for a chat message its
    /// stream and when the platform queue takes over from the stream's moderators.</summary>
    public sealed record CaseSeed(ModeratedItem Target, Guid? StreamId, DateTimeOffset? EscalateAt);

    /// <summary>
    /// One transaction: the reporter's open report of the target if there is one (Existing), else the target's open
    /// case (opened if needed), the report, and the case's counts, reasons and priority.
    /// </summary>
    public async Task<FileReportResult> FileReportAsync(Guid reporterId, ReportDraft draft, CaseSeed seed)
    {
        var type = ModerationNames.Of(draft.TargetType);
        await using var tx = await Tx.BeginAsync(db);
        if (await OpenReportAsync(tx, reporterId, type, draft.TargetId) is { } existing) return new(FileReportStatus.Existing, existing);
        var caseId = await OpenCaseAsync(tx, type, seed);
        var reportId = Guid.CreateVersion7();
        await using (var insert = tx.Command($"""
            INSERT INTO reports (id, reporter_id, case_id, target_type, target_id, reason, text, rule_ids)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (reporter_id, target_type, target_id) WHERE status = 'open' DO NOTHING
            RETURNING {ReportColumns}
            """, reportId, reporterId, caseId, type, draft.TargetId, draft.Reason, (object?)draft.Text ?? DBNull.Value, draft.RuleIds.ToArray()))
        {
            var created = await ReadReportsAsync(insert);
            if (created.Count == 0) return new(FileReportStatus.Existing, await OpenReportAsync(tx, reporterId, type, draft.TargetId));
            await tx.ExecuteAsync("""
                UPDATE moderation_cases c SET
                    report_count = report_count + 1,
                    reporter_count = reporter_count + 1,
                    reasons = CASE WHEN $2 = ANY (reasons) THEN reasons ELSE reasons || $2 END,
                    latest_reports = jsonb_path_query_array(
                        jsonb_build_array(jsonb_build_object('reason', $2, 'text', $5::text, 'createdAt', now())) || latest_reports, '$[0 to 2]'),
                    weight = weight + w.value,
                    priority = moderation_priority(weight + w.value, flag_score, model_score, reach),
                    updated_at = now()
                FROM (SELECT $3::float8 * coalesce((SELECT (actioned + 1)::float8 / (resolved + 2) FROM reporter_accuracy WHERE reporter_id = $4), 0.5) AS value) w
                WHERE c.id = $1
                """, caseId, draft.Reason, ReportReasons.Severity[draft.Reason], reporterId, (object?)draft.Text ?? DBNull.Value);
            await tx.CommitAsync();
            return new(FileReportStatus.Created, created[0]);
        }
    }

    /// <summary>The target's open case, opened with the seed when there is none; locked for the rest of the transaction.</summary>
    private static async Task<Guid> OpenCaseAsync(Tx tx, string type, CaseSeed seed)
    {
        await using (var open = tx.Command("""
            INSERT INTO moderation_cases (id, target_type, target_id, owner_id, reach, snapshot, stream_id, escalate_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (target_type, target_id) WHERE status = 'open' DO NOTHING
            """, Guid.CreateVersion7(), type, seed.Target.Id, seed.Target.OwnerId, seed.Target.Reach))
        {
            open.Parameters.Add(new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(seed.Target, SnapshotJson) });
            open.Parameters.Add(new() { Value = (object?)seed.StreamId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            open.Parameters.Add(new() { Value = (object?)seed.EscalateAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await open.ExecuteNonQueryAsync();
        }
        await using var find = tx.Command("SELECT id FROM moderation_cases WHERE target_type = $1 AND target_id = $2 AND status = 'open' FOR UPDATE",
            type, seed.Target.Id);
        return (Guid)(await find.ExecuteScalarAsync())!;
    }

    private static async Task<ReportView?> OpenReportAsync(Tx tx, Guid reporterId, string type, Guid targetId)
    {
        await using var cmd = tx.Command($"""
            SELECT {ReportColumns} FROM reports WHERE reporter_id = $1 AND target_type = $2 AND target_id = $3 AND status = 'open'
            """, reporterId, type, targetId);
        return (await ReadReportsAsync(cmd)).SingleOrDefault();
    }

    /// <summary>The reporter's reports, newest first (UUIDv7 ids: id order is time order).</summary>
    public async Task<ReportPage> ReportsOfAsync(Guid reporterId, PageCursor? after, int limit)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT {ReportColumns} FROM reports WHERE reporter_id = $1 AND ($2::uuid IS NULL OR id < $2) ORDER BY id DESC LIMIT $3
            """);
        Tx.AddParameters(cmd, reporterId, (object?)after?.Id ?? DBNull.Value, limit + 1);
        var rows = await ReadReportsAsync(cmd);
        return rows.Count > limit ? new ReportPage(rows[..limit], PageCursor.AfterId(rows[limit - 1].Id)) : new ReportPage(rows, null);
    }

    /// <summary>A case's reports and their reporters, for telling each reporter the outcome.</summary>
    public async Task<IReadOnlyList<(Guid ReportId, Guid ReporterId)>> ReportersOfCaseAsync(Guid caseId)
    {
        await using var cmd = db.CreateCommand("SELECT id, reporter_id FROM reports WHERE case_id = $1");
        cmd.Parameters.Add(new() { Value = caseId });
        var rows = new List<(Guid, Guid)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add((r.GetGuid(0), r.GetGuid(1)));
        return rows;
    }

    private static async Task<List<ReportView>> ReadReportsAsync(NpgsqlCommand cmd)
    {
        var rows = new List<ReportView>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            ModerationNames.TryParseTarget(r.GetString(1), out var type);
            rows.Add(new ReportView(r.GetGuid(0), type, r.GetGuid(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                r.GetFieldValue<int[]>(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
                r.GetFieldValue<DateTimeOffset>(8), r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9)));
        }
        return rows;
    }

    internal static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web);
}
