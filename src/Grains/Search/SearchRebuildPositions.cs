using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Search;

/// <summary>
/// Where each rebuild of the search index stands (search_rebuilds: the last item indexed, how many), whichever index
/// the provider writes: a stopped rebuild resumes from there.
/// </summary>
public sealed class SearchRebuildPositions(NpgsqlDataSource db)
{
    /// <summary>The kind's rebuild progress (last item indexed, how many), started afresh when asked or when none is recorded.</summary>
    public async Task<(Guid? LastId, long Indexed)> RebuildPositionAsync(string kind, bool restart)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO search_rebuilds AS r (kind) VALUES ($1)
            ON CONFLICT (kind) DO UPDATE SET
                last_id = CASE WHEN $2 THEN NULL ELSE r.last_id END, indexed = CASE WHEN $2 THEN 0 ELSE r.indexed END,
                started_at = CASE WHEN $2 THEN now() ELSE r.started_at END, finished_at = CASE WHEN $2 THEN NULL ELSE r.finished_at END
            RETURNING last_id, indexed
            """);
        Tx.AddParameters(cmd, kind, restart);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.IsDBNull(0) ? null : r.GetGuid(0), r.GetInt64(1));
    }

    public async Task RecordRebuildAsync(string kind, Guid? lastId, long indexed, bool done)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE search_rebuilds SET last_id = $2, indexed = $3, updated_at = now(), finished_at = CASE WHEN $4 THEN now() END WHERE kind = $1
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = kind });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)lastId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        Tx.AddParameters(cmd, indexed, done);
        await cmd.ExecuteNonQueryAsync();
    }
}
