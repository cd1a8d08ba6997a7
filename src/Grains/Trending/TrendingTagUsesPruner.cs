using Microsoft.Extensions.Logging;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Trending;

/// <summary>
/// Keeps trending_tag_uses bounded: a use older than the longest window plus the usual level's look-back
/// (7 + 28 days) counts for nothing, so it is deleted in chunks, hourly. Every silo runs one; overlaps are harmless.
/// </summary>
public sealed class TrendingTagUsesPruner(NpgsqlDataSource db, ILogger<TrendingTagUsesPruner> logger) : ChunkedCleanup(logger)
{
    public static readonly TimeSpan Kept = TrendingWindow.Week.Length + TimeSpan.FromDays(TrendingHashtagsReadModel.UsualDays);

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override int Chunk => 10_000;

    public override async Task<int> CleanChunkAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            DELETE FROM trending_tag_uses WHERE ctid IN (
                SELECT ctid FROM trending_tag_uses WHERE used_at < now() - $1::interval LIMIT $2)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = Kept });
        cmd.Parameters.Add(new NpgsqlParameter { Value = Chunk });
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
