using Npgsql;
using Orleans.Concurrency;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Posts;
using SocialFlow.Grains.Interfaces.Social;

namespace SocialFlow.Grains.Posts;

/// <summary>Keyset pages of post ids (UUIDv7, so id order is time order). The post grains render them.</summary>
[StatelessWorker]
public sealed class PostDirectoryGrain(NpgsqlDataSource db) : Grain, IPostDirectoryGrain
{
    /// <summary>Others see public posts, and followers also followers-only ones; nothing between a blocked pair.
    /// The post grains check each post again when rendering.</summary>
    public async Task<PostIdPage> ListByAuthorAsync(Guid authorId, Guid? viewerId, Guid? before, int limit)
    {
        var relation = viewerId is { } v && v != authorId
            ? await GrainFactory.Ref<ISocialGraphGrain>(authorId).GetRelationAsync(v, withFollow: true)
            : ViewerRelation.None;
        if (relation.Blocked) return new PostIdPage([], null);
        return await PageAsync("""
            SELECT id FROM posts
            WHERE author_id = $1 AND deleted_at IS NULL AND ($2 OR visibility = 'public' OR ($3 AND visibility = 'followers'))
              AND ($4::uuid IS NULL OR id < $4)
            ORDER BY id DESC LIMIT $5
            """, limit, authorId, viewerId == authorId, relation.Follows, (object?)before ?? DBNull.Value, limit + 1);
    }

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
