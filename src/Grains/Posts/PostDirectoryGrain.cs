using Npgsql;
using Orleans.Concurrency;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.Grains.Posts;

/// <summary>Keyset pages of post ids (UUIDv7, so id order is time order). The post grains render them.</summary>
[StatelessWorker]
public sealed class PostDirectoryGrain(NpgsqlDataSource db) : Grain, IPostDirectoryGrain
{
    /// <summary>Others see public posts only: followers-only posts stay the author's until the social graph exists.</summary>
    public Task<PostIdPage> ListByAuthorAsync(Guid authorId, Guid? viewerId, Guid? before, int limit) =>
        PageAsync("""
            SELECT id FROM posts
            WHERE author_id = $1 AND deleted_at IS NULL AND ($2 OR visibility = 'public') AND ($3::uuid IS NULL OR id < $3)
            ORDER BY id DESC LIMIT $4
            """, limit, authorId, viewerId == authorId, (object?)before ?? DBNull.Value, limit + 1);

    public Task<PostIdPage> ListByHashtagAsync(string tag, Guid? before, int limit) =>
        PageAsync("""
            SELECT t.post_id FROM post_tags t JOIN posts p ON p.id = t.post_id
            WHERE t.tag = $1 AND p.visibility = 'public' AND p.deleted_at IS NULL AND ($2::uuid IS NULL OR t.post_id < $2)
            ORDER BY t.post_id DESC LIMIT $3
            """, limit, tag, (object?)before ?? DBNull.Value, limit + 1);

    private async Task<PostIdPage> PageAsync(string sql, int limit, params object[] args)
    {
        await using var cmd = db.CreateCommand(sql);
        Tx.AddParameters(cmd, args);
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetGuid(0));
        return ids.Count > limit ? new PostIdPage(ids[..limit], ids[limit - 1]) : new PostIdPage(ids, null);
    }
}
