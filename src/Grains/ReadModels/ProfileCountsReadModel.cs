using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// How many public videos and posts a profile shows.
/// <para>
/// Reads videos (Videos: written by VideoGrain through VideoStore) and posts (Posts: written by PostGrain through
/// PostStore), counting public, not deleted items (ready videos only), so the counts reveal nothing private. Why a
/// join: both counts in one round trip on the owners' indexes, where the two domains keep no per-author counter to ask.
/// Why it is safe: read only; a count a moment old is what any profile view shows anyway.
/// </para>
/// </summary>
public sealed class ProfileCountsReadModel(NpgsqlDataSource db)
{
    /// <summary>The user's public, live videos (ready) and posts.</summary>
    public async Task<(long Videos, long Posts)> CountPublicContentAsync(Guid userId)
    {
        await using var cmd = db.CreateCommand("""
            SELECT (SELECT count(*) FROM videos WHERE owner_id = $1 AND deleted_at IS NULL AND status = 'ready' AND visibility = 'public'),
                   (SELECT count(*) FROM posts WHERE author_id = $1 AND deleted_at IS NULL AND visibility = 'public')
            """);
        Tx.AddParameters(cmd, userId);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetInt64(1));
    }
}
