using Npgsql;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Social;

namespace SocialFlow.Grains.Social;

/// <summary>Keyset pages of the graph's edges, newest first on (created_at, other account's id).</summary>
public sealed partial class GraphStore
{
    public Task<GraphPage> FollowersPageAsync(Guid userId, PageCursor? after, int limit) =>
        EdgePageAsync("follows", "follower_id", "followee_id", userId, after, limit);

    public Task<GraphPage> FollowingPageAsync(Guid userId, PageCursor? after, int limit) =>
        EdgePageAsync("follows", "followee_id", "follower_id", userId, after, limit);

    public Task<GraphPage> FollowRequestsPageAsync(Guid targetId, PageCursor? after, int limit) =>
        EdgePageAsync("follow_requests", "requester_id", "target_id", targetId, after, limit);

    public Task<GraphPage> BlocksPageAsync(Guid blockerId, PageCursor? after, int limit) =>
        EdgePageAsync("blocks", "blocked_id", "blocker_id", blockerId, after, limit);

    public Task<GraphPage> MutesPageAsync(Guid muterId, PageCursor? after, int limit) =>
        EdgePageAsync("mutes", "muted_id", "muter_id", muterId, after, limit);

    /// <summary>Rows of <paramref name="table"/> whose <paramref name="keyColumn"/> is the user, listing <paramref name="otherColumn"/>;
    /// every such table has an index on (key, created_at DESC, other DESC). The names are constants of this class.</summary>
    private async Task<GraphPage> EdgePageAsync(string table, string otherColumn, string keyColumn, Guid userId, PageCursor? after, int limit)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT e.{otherColumn}, a.username::text, e.created_at FROM {table} e JOIN accounts a ON a.id = e.{otherColumn}
            WHERE e.{keyColumn} = $1 AND ($2::timestamptz IS NULL OR (e.created_at, e.{otherColumn}) < ($2, $3))
            ORDER BY e.created_at DESC, e.{otherColumn} DESC LIMIT $4
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = userId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.At ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.Id ?? Guid.Empty });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
        var items = new List<GraphEdge>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) items.Add(new GraphEdge(r.GetGuid(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2)));
        var next = items.Count > limit ? new PageCursor(items[limit - 1].At, items[limit - 1].UserId) : null;
        return new GraphPage(items.Take(limit).ToList(), next);
    }
}
