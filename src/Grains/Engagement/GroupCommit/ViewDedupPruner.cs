using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Engagement.GroupCommit;

/// <summary>
/// Keeps view_dedup bounded: rows older than the view window no longer de-duplicate anything, so they are deleted
/// in small chunks. Every silo runs one; overlapping deletes are harmless.
/// </summary>
public sealed class ViewDedupPruner(NpgsqlDataSource db, IOptions<EngagementOptions> options, ILogger<ViewDedupPruner> logger)
    : ChunkedCleanup(logger)
{
    protected override TimeSpan Interval => options.Value.PruneInterval;

    protected override int Chunk => 10_000;

    public override async Task<int> CleanChunkAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            DELETE FROM view_dedup WHERE ctid IN (
                SELECT ctid FROM view_dedup WHERE counted_at < now() - $1::interval LIMIT $2)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = options.Value.ViewWindow });
        cmd.Parameters.Add(new NpgsqlParameter { Value = Chunk });
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
