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
        // Prepared (the first page is read for every new post's fan-out and was planned each time: 0.06 ms of the database's time).
        await using var cmd = after is null
            ? await PreparedCommand.OpenAsync(prepared,
                "SELECT follower_id, created_at FROM follows WHERE followee_id = $1 ORDER BY created_at DESC, follower_id DESC LIMIT $2", userId, limit)
            : await PreparedCommand.OpenAsync(prepared, """
                SELECT follower_id, created_at FROM follows WHERE followee_id = $1 AND (created_at, follower_id) < ($3, $4)
                ORDER BY created_at DESC, follower_id DESC LIMIT $2
                """, userId, limit, after.At, after.Id);
        var ids = new List<Guid>(limit);
        PageCursor? last = null;
        await using var r = await cmd.Command.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            ids.Add(r.GetGuid(0));
            last = new PageCursor(r.GetFieldValue<DateTimeOffset>(1), r.GetGuid(0));
        }
        return ([.. ids], ids.Count == limit ? last : null);
    }

}
