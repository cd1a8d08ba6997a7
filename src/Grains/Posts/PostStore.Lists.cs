using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Posts;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.Posts;

/// <summary>Keyset pages of post ids, newest first on the id alone (UUIDv7, so id order is time order).</summary>
public sealed partial class PostStore
{
    /// <summary>The author's posts: all of them for the author, else public ones and, for followers, followers-only ones.</summary>
    public Task<PostIdPage> AuthorPageAsync(Guid authorId, bool own, bool follows, PageCursor? before, int limit) =>
        IdPageAsync("""
            SELECT id FROM posts
            WHERE author_id = $1 AND deleted_at IS NULL
              AND ($2 OR (moderation IS NULL AND (visibility = 'public' OR ($3 AND visibility = 'followers'))))
              AND ($4::uuid IS NULL OR id < $4)
            ORDER BY id DESC LIMIT $5
            """, limit, authorId, own, follows, (object?)before?.Id ?? DBNull.Value, limit + 1);

    /// <summary>Public posts carrying the (normalised) hashtag; not those of suspended or limited authors.</summary>
    public Task<PostIdPage> HashtagPageAsync(string tag, PageCursor? before, int limit) =>
        IdPageAsync($"""
            SELECT t.post_id FROM post_tags t JOIN posts p ON p.id = t.post_id JOIN accounts a ON a.id = p.author_id
            WHERE t.tag = $1 AND p.visibility = 'public' AND p.deleted_at IS NULL AND p.moderation IS NULL AND ($2::uuid IS NULL OR t.post_id < $2)
              AND {StandingFilters.Discoverable}
            ORDER BY t.post_id DESC LIMIT $3
            """, limit, tag, (object?)before?.Id ?? DBNull.Value, limit + 1);

    private async Task<PostIdPage> IdPageAsync(string sql, int limit, params object[] args)
    {
        await using var cmd = db.CreateCommand(sql);
        Tx.AddParameters(cmd, args);
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetGuid(0));
        return ids.Count > limit ? new PostIdPage(ids[..limit], PageCursor.AfterId(ids[limit - 1])) : new PostIdPage(ids, null);
    }
}
