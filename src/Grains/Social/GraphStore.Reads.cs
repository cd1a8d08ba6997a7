using Npgsql;
using SocialFlow.Grains.Infrastructure;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Social;

/// <summary>Reads of the follows table that other domains ask for (feeds' fan-out, rebuilds and pulls), named for what they read.</summary>
public sealed partial class GraphStore
{
    /// <summary>
    /// First pages, which every new post's and video's fan-out reads, are a group read: one statement for the authors of
    /// the events in flight, not a round trip a post (each cost both processes more than the lookup it carried).
    /// </summary>
    private readonly GroupReader<(Guid Author, int Limit), FollowerRows> _firstFollowerPages = new(async keys =>
    {
        await using var cmd = await PreparedCommand.OpenAsync(prepared, """
            SELECT a.id, coalesce(f.ids, '{}'), coalesce(f.ats, '{}')
            FROM unnest($1::uuid[]) AS a(id)
            CROSS JOIN LATERAL (
                SELECT array_agg(x.follower_id ORDER BY x.created_at DESC, x.follower_id DESC) AS ids,
                       array_agg(x.created_at ORDER BY x.created_at DESC, x.follower_id DESC) AS ats
                FROM (SELECT follower_id, created_at FROM follows WHERE followee_id = a.id
                      ORDER BY created_at DESC, follower_id DESC LIMIT $2) AS x) AS f
            """, keys.Select(k => k.Author).Distinct().ToArray(), keys.Max(k => k.Limit));
        var rows = new Dictionary<Guid, FollowerRows>(keys.Count);
        await using (var r = await cmd.Command.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) rows[r.GetGuid(0)] = new FollowerRows(r.GetFieldValue<Guid[]>(1), r.GetFieldValue<DateTimeOffset[]>(2));
        }
        return keys.ToDictionary(k => k, k => rows[k.Author]);
    });

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
        if (after is null) return FirstPage(await _firstFollowerPages.ReadAsync((userId, limit)), limit);
        await using var cmd = await PreparedCommand.OpenAsync(prepared, """
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

    /// <summary>An author's newest followers, as many as the largest page asked for in their group read.</summary>
    private sealed record FollowerRows(Guid[] Ids, DateTimeOffset[] At);

    private static (Guid[] Ids, PageCursor? Next) FirstPage(FollowerRows? rows, int limit)
    {
        var count = Math.Min(limit, rows?.Ids.Length ?? 0);
        if (count == 0) return ([], null);
        return (rows!.Ids[..count], count == limit ? new PageCursor(rows.At[count - 1], rows.Ids[count - 1]) : null);
    }
}
