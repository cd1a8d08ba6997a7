using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Social;

/// <summary>Reads of the follows table that other domains ask for (feeds' fan-out, rebuilds and pulls), named for what they read.</summary>
public sealed partial class GraphStore
{
    /// <summary>Accounts the user follows that have more than <paramref name="threshold"/> followers.</summary>
    public async Task<List<Guid>> FolloweesAboveAsync(Guid userId, long threshold)
    {
        await using var cmd = db.CreateCommand("""
            SELECT f.followee_id FROM follows f JOIN user_graph_counts c ON c.user_id = f.followee_id
            WHERE f.follower_id = $1 AND c.followers > $2
            """);
        Tx.AddParameters(cmd, userId, threshold);
        return await Tx.ReadIdsAsync(cmd);
    }

    /// <summary>Every account the user follows.</summary>
    public async Task<Guid[]> FolloweesAsync(Guid userId)
    {
        await using var cmd = db.CreateCommand("SELECT followee_id FROM follows WHERE follower_id = $1");
        Tx.AddParameters(cmd, userId);
        return [.. await Tx.ReadIdsAsync(cmd)];
    }

    /// <summary>One page of the user's followers, newest edge first, after the cursor; the next cursor when the page is full.</summary>
    public async Task<(Guid[] Ids, PageCursor? Next)> FollowerIdsPageAsync(Guid userId, PageCursor? after, int limit)
    {
        await using var cmd = db.CreateCommand(after is null
            ? "SELECT follower_id, created_at FROM follows WHERE followee_id = $1 ORDER BY created_at DESC, follower_id DESC LIMIT $2"
            : """
              SELECT follower_id, created_at FROM follows WHERE followee_id = $1 AND (created_at, follower_id) < ($3, $4)
              ORDER BY created_at DESC, follower_id DESC LIMIT $2
              """);
        if (after is null) Tx.AddParameters(cmd, userId, limit);
        else Tx.AddParameters(cmd, userId, limit, after.At, after.Id);
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

}
