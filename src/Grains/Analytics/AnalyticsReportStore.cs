using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Analytics;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Analytics;

/// <summary>The analytics_reports table: a report's status, and once ready its JSON body and SVG charts by name.</summary>
public sealed class AnalyticsReportStore(NpgsqlDataSource db)
{
    private const string Columns = "id, owner_id, scope, days, status, created_at, ready_at, coalesce(ARRAY(SELECT jsonb_object_keys(charts) ORDER BY 1), '{}')";

    public async Task<ReportInfo> CreateAsync(Guid id, Guid owner, AnalyticsScope scope, int days, DateTimeOffset at)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO analytics_reports (id, owner_id, scope, days, status, created_at) VALUES ($1, $2, $3, $4, 'pending', $5)
            ON CONFLICT (id) DO NOTHING
            """);
        Tx.AddParameters(cmd, id, owner, AnalyticsStore.ScopeName(scope), days, at);
        await cmd.ExecuteNonQueryAsync();
        return (await GetAsync(id))!;
    }

    public async Task<ReportInfo?> GetAsync(Guid id)
    {
        await using var cmd = db.CreateCommand($"SELECT {Columns} FROM analytics_reports WHERE id = $1");
        Tx.AddParameters(cmd, id);
        return (await ReadAsync(cmd)).SingleOrDefault();
    }

    /// <summary>The owner's reports, newest first, after <paramref name="after"/> (a report's creation time and id).</summary>
    public async Task<ReportPage> ListAsync(Guid owner, PageCursor? after, int limit)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT {Columns} FROM analytics_reports
            WHERE owner_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3))
            ORDER BY created_at DESC, id DESC LIMIT $4
            """);
        Tx.AddParameters(cmd, owner, new NpgsqlParameter { Value = (object?)after?.At ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz },
            after?.Id ?? Guid.Empty, limit + 1);
        var rows = await ReadAsync(cmd);
        var next = rows.Count > limit ? new PageCursor(rows[limit - 1].CreatedAt, rows[limit - 1].Id) : null;
        return new ReportPage([.. rows.Take(limit)], next);
    }

    public async Task FinishAsync(Guid id, string? body, IReadOnlyDictionary<string, string>? charts, DateTimeOffset at)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE analytics_reports SET status = CASE WHEN $2::jsonb IS NULL THEN 'failed' ELSE 'ready' END, body = $2::jsonb, charts = $3::jsonb, ready_at = $4
            WHERE id = $1
            """);
        Tx.AddParameters(cmd, id, (object?)body ?? DBNull.Value, charts is null ? DBNull.Value : System.Text.Json.JsonSerializer.Serialize(charts), at);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The owner's ready report's body (chart null) or one chart, else null.</summary>
    public async Task<string?> PartAsync(Guid owner, Guid id, string? chart)
    {
        await using var cmd = db.CreateCommand("""
            SELECT CASE WHEN $3::text IS NULL THEN body::text ELSE charts ->> $3::text END
            FROM analytics_reports WHERE id = $1 AND owner_id = $2 AND status = 'ready'
            """);
        Tx.AddParameters(cmd, id, owner, (object?)chart ?? DBNull.Value);
        return await cmd.ExecuteScalarAsync() as string;
    }

    private static async Task<List<ReportInfo>> ReadAsync(NpgsqlCommand cmd)
    {
        var list = new List<ReportInfo>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            list.Add(new ReportInfo(r.GetGuid(0), r.GetGuid(1), r.GetString(2) == "platform" ? AnalyticsScope.Platform : AnalyticsScope.Creator, r.GetInt32(3),
                Enum.Parse<ReportStatus>(r.GetString(4), ignoreCase: true), r.GetFieldValue<DateTimeOffset>(5),
                r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6), r.GetFieldValue<string[]>(7)));
        }
        return list;
    }
}
