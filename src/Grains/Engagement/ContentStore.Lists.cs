using Npgsql;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Engagement;

/// <summary>Keyset-paged engagement lists, newest first on (created_at, id); each asks for one row more than the page,
/// to know whether another page follows.</summary>
public sealed partial class ContentStore
{
    public async Task<LikerPage> LikersPageAsync(Guid contentId, PageCursor? after, int limit)
    {
        await using var cmd = db.CreateCommand("""
            SELECT l.user_id, a.username::text, l.created_at FROM likes l LEFT JOIN accounts a ON a.id = l.user_id
            WHERE l.content_id = $1 AND ($2::timestamptz IS NULL OR (l.created_at, l.user_id) < ($2, $3))
            ORDER BY l.created_at DESC, l.user_id DESC LIMIT $4
            """);
        AddPaging(cmd, contentId, after, limit);
        var items = new List<Liker>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) items.Add(new Liker(r.GetGuid(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetFieldValue<DateTimeOffset>(2)));
        var next = items.Count > limit ? new PageCursor(items[limit - 1].LikedAt, items[limit - 1].UserId) : null;
        return new LikerPage(items.Take(limit).ToList(), next);
    }

    /// <summary>The user's bookmarks of items that still exist and that the user may still see.</summary>
    public async Task<BookmarkPage> BookmarksPageAsync(Guid userId, PageCursor? after, int limit)
    {
        await using var cmd = db.CreateCommand("""
            SELECT b.content_id, c.kind, c.owner_id, b.created_at FROM bookmarks b JOIN content c ON c.id = b.content_id
            WHERE b.user_id = $1 AND ($2::timestamptz IS NULL OR (b.created_at, b.content_id) < ($2, $3))
              AND c.deleted_at IS NULL AND (c.visibility IN ('public', 'unlisted') OR c.owner_id = $1)
            ORDER BY b.created_at DESC, b.content_id DESC LIMIT $4
            """);
        AddPaging(cmd, userId, after, limit);
        var items = new List<BookmarkEntry>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            items.Add(new BookmarkEntry(r.GetGuid(0), Enum.Parse<ContentKind>(r.GetString(1), true), r.GetGuid(2), r.GetFieldValue<DateTimeOffset>(3)));
        }
        var next = items.Count > limit ? new PageCursor(items[limit - 1].BookmarkedAt, items[limit - 1].ContentId) : null;
        return new BookmarkPage(items.Take(limit).ToList(), next);
    }

    private static void AddPaging(NpgsqlCommand cmd, Guid key, PageCursor? after, int limit)
    {
        cmd.Parameters.Add(new NpgsqlParameter { Value = key });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.At ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.Id ?? Guid.Empty });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
    }
}
