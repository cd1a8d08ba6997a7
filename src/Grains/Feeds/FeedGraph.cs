using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Content;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Feeds;

/// <summary>
/// Everything feeds ask of the social graph: blocks and mutes from the users' graph grains (held in memory there),
/// follow edges and pages from the follows table (unbounded lists).
/// </summary>
public sealed class FeedGraph(NpgsqlDataSource db, IGrainFactory grains)
{
    /// <summary>Accounts whose items the viewer must not see: blocked either way, or muted by the viewer.</summary>
    public async Task<HashSet<Guid>> HiddenAuthorsAsync(Guid viewerId)
    {
        var graph = grains.Ref<ISocialGraphGrain>(viewerId);
        return [.. await graph.GetBlockedEitherWayAsync(), .. await graph.GetMutedAsync()];
    }

    /// <summary>Accounts the viewer follows that have more than <paramref name="threshold"/> followers (pulled at read time).</summary>
    public async Task<List<Guid>> FolloweesAboveAsync(Guid viewerId, long threshold)
    {
        await using var cmd = db.CreateCommand("""
            SELECT f.followee_id FROM follows f JOIN user_graph_counts c ON c.user_id = f.followee_id
            WHERE f.follower_id = $1 AND c.followers > $2
            """);
        Tx.AddParameters(cmd, viewerId, threshold);
        return await ReadIdsAsync(cmd);
    }

    public async Task<Guid[]> FolloweesAsync(Guid userId)
    {
        await using var cmd = db.CreateCommand("SELECT followee_id FROM follows WHERE follower_id = $1");
        Tx.AddParameters(cmd, userId);
        return [.. await ReadIdsAsync(cmd)];
    }

    /// <summary>The exact follower count the graph keeps with every edge change.</summary>
    public async Task<long> FollowerCountAsync(Guid userId) => (await grains.Ref<ISocialGraphGrain>(userId).GetCountsAsync()).Followers;

    /// <summary>One page of the author's followers, newest edge first, after the cursor.</summary>
    public async Task<(Guid[] Ids, PageCursor? Next)> FollowersPageAsync(Guid authorId, PageCursor? after, int limit)
    {
        await using var cmd = db.CreateCommand(after is null
            ? "SELECT follower_id, created_at FROM follows WHERE followee_id = $1 ORDER BY created_at DESC, follower_id DESC LIMIT $2"
            : """
              SELECT follower_id, created_at FROM follows WHERE followee_id = $1 AND (created_at, follower_id) < ($3, $4)
              ORDER BY created_at DESC, follower_id DESC LIMIT $2
              """);
        if (after is null) Tx.AddParameters(cmd, authorId, limit);
        else Tx.AddParameters(cmd, authorId, limit, after.At, after.Id);
        var ids = new List<Guid>(limit);
        PageCursor? last = null;
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            ids.Add(r.GetGuid(0));
            last = new PageCursor(r.GetFieldValue<DateTimeOffset>(1), r.GetGuid(0));
        }
        return ([.. ids], ids.Count == limit ? last : null);
    }

    public Task<bool> FollowsAsync(Guid followerId, Guid followeeId) =>
        ExistsAsync("SELECT EXISTS (SELECT 1 FROM follows WHERE follower_id = $1 AND followee_id = $2)", followerId, followeeId);

    public async Task<bool> BlockedEitherWayAsync(Guid a, Guid b) => (await grains.Ref<ISocialGraphGrain>(a).GetBlockedEitherWayAsync()).Contains(b);

    public Task<bool> MutesAsync(Guid muterId, Guid mutedId) => grains.Ref<ISocialGraphGrain>(muterId).MutesAsync(mutedId);

    private async Task<bool> ExistsAsync(string sql, Guid a, Guid b)
    {
        await using var cmd = db.CreateCommand(sql);
        Tx.AddParameters(cmd, a, b);
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<List<Guid>> ReadIdsAsync(NpgsqlCommand cmd)
    {
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetGuid(0));
        return ids;
    }
}
