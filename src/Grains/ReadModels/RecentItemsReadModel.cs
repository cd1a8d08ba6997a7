using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Feeds;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// The newest feedable posts and videos of some authors, as feed entries: what a feed pulls from a large account at read
/// time (PulledItems) and what following or rebuilding copies into a feed (FeedStore.BackfillAsync, which runs
/// <see cref="Sql"/> inside its INSERT so the items never leave the database).
/// <para>
/// Reads posts (Posts: written by PostGrain through PostStore) and videos (Videos: written by VideoGrain through
/// VideoStore), only the columns that decide whether and where an item enters a feed. Why a join: one statement walks
/// both kinds for many authors on their own indexes, where asking each author's items of two domains would be two
/// queries per author. Why it is safe: read only; the feedable rule is the same as FeedItems' rule on a loaded row, and
/// an item that changes afterwards is corrected by the fan-out of its event and left out at read time by FeedCards.
/// </para>
/// </summary>
public sealed class RecentItemsReadModel(NpgsqlDataSource db)
{
    /// <summary>
    /// The newest feedable posts and videos of the authors $1 (uuid[]), at most $2 per author and $3 in all, as
    /// (id, kind, author_id, at). Both subqueries walk the authors' own indexes (posts_author, videos_owner).
    /// </summary>
    public const string Sql = """
        SELECT id, kind, author_id, at FROM (
            SELECT p.id, 0::smallint AS kind, p.author_id, p.created_at AS at
            FROM unnest($1::uuid[]) AS a(author_id) CROSS JOIN LATERAL (
                SELECT id, author_id, created_at FROM posts
                WHERE posts.author_id = a.author_id AND deleted_at IS NULL AND moderation IS NULL AND visibility IN ('public', 'followers')
                ORDER BY id DESC LIMIT $2) p
            UNION ALL
            SELECT v.id, 1::smallint, v.owner_id, v.ready_at
            FROM unnest($1::uuid[]) AS a(author_id) CROSS JOIN LATERAL (
                SELECT id, owner_id, ready_at FROM videos
                WHERE videos.owner_id = a.author_id AND deleted_at IS NULL AND moderation IS NULL AND status = 'ready' AND visibility = 'public'
                ORDER BY created_at DESC LIMIT $2) v
        ) items ORDER BY at DESC, id DESC LIMIT $3
        """;

    /// <summary>The author's newest feedable items, at most <paramref name="limit"/>, newest first.</summary>
    public async Task<List<FeedEntry>> OfAuthorAsync(Guid authorId, int limit)
    {
        await using var cmd = db.CreateCommand(Sql);
        Tx.AddParameters(cmd, new[] { authorId }, limit, limit);
        var list = new List<FeedEntry>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            list.Add(new FeedEntry(r.GetGuid(0), (FeedItemKind)r.GetInt16(1), r.GetGuid(2), r.GetFieldValue<DateTimeOffset>(3)));
        }
        return list;
    }
}
