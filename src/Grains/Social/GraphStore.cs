using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Social;

namespace SocialFlow.Grains.Social;

/// <summary>What an account's graph grain loads on activation (one consistent snapshot).</summary>
public sealed record GraphSnapshot(long Version, long Followers, long Following, HashSet<Guid> Blocking, HashSet<Guid> BlockedBy, HashSet<Guid> Muting);

/// <summary>The outcome of one pair transaction: the operation's result and the pair's state as each side sees it.</summary>
public sealed record PairChange<T>(T Result, PairState Mine, PairState Theirs);

/// <summary>
/// The SQL of the social graph. Every change of a pair runs in <see cref="InPairAsync{T}"/>: both accounts'
/// user_graph_counts rows are locked in id order first, so changes of one pair (and of one account's counts) are
/// serialised in PostgreSQL whichever grain makes them, and a follow can never slip past a concurrent block.
/// </summary>
public sealed partial class GraphStore(NpgsqlDataSource db, [FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared)
{
    /// <summary>
    /// One statement, so one snapshot (it was a repeatable-read transaction of four, six round trips); prepared, because
    /// every activation of a graph grain runs it and its four statements cost PostgreSQL more to plan than to run.
    /// </summary>
    public async Task<GraphSnapshot> LoadAsync(Guid userId)
    {
        await using var cmd = await PreparedCommand.OpenAsync(prepared, """
            SELECT k.version, k.followers, k.following,
                   ARRAY(SELECT b.blocked_id FROM blocks b WHERE b.blocker_id = $1),
                   ARRAY(SELECT b.blocker_id FROM blocks b WHERE b.blocked_id = $1),
                   ARRAY(SELECT m.muted_id FROM mutes m WHERE m.muter_id = $1)
            FROM (SELECT $1::uuid AS id) i LEFT JOIN user_graph_counts k ON k.user_id = i.id
            """, userId);
        await using var r = await cmd.Command.ExecuteReaderAsync();
        await r.ReadAsync();
        long Count(int column) => r.IsDBNull(column) ? 0 : r.GetInt64(column);
        return new GraphSnapshot(Count(0), Count(1), Count(2),
            [.. r.GetFieldValue<Guid[]>(3)], [.. r.GetFieldValue<Guid[]>(4)], [.. r.GetFieldValue<Guid[]>(5)]);
    }

    /// <summary>All followers when there are at most <paramref name="max"/>, else null (then ask per viewer).</summary>
    public async Task<HashSet<Guid>?> LoadFollowersAsync(Guid userId, int max)
    {
        await using var cmd = db.CreateCommand("SELECT follower_id FROM follows WHERE followee_id = $1 LIMIT $2");
        Tx.AddParameters(cmd, userId, max + 1);
        var ids = await Tx.ReadIdsAsync(cmd);
        return ids.Count > max ? null : [.. ids];
    }

    public async Task<bool> FollowsAsync(Guid followerId, Guid followeeId)
    {
        await using var cmd = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM follows WHERE follower_id = $1 AND followee_id = $2)");
        Tx.AddParameters(cmd, followerId, followeeId);
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }

    private sealed class Deltas
    {
        public long MeFollowers, MeFollowing, OtherFollowers, OtherFollowing;

        /// <summary>The edge follower → followee appeared (+1) or went (-1).</summary>
        public void Edge(Guid me, Guid followerId, int sign)
        {
            if (followerId == me) (MeFollowing, OtherFollowers) = (MeFollowing + sign, OtherFollowers + sign);
            else (OtherFollowing, MeFollowers) = (OtherFollowing + sign, MeFollowers + sign);
        }
    }

    private async Task<PairChange<T>> InPairAsync<T>(Guid me, Guid other, Func<Tx, Deltas, Task<T>> work)
    {
        // Outside the transaction: a missing row is created (zeros) before anything is locked, so two transactions
        // never wait on each other's freshly inserted rows in different orders.
        await using (var ensure = db.CreateCommand("INSERT INTO user_graph_counts (user_id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING"))
        {
            Tx.AddParameters(ensure, new[] { me, other });
            await ensure.ExecuteNonQueryAsync();
        }
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("SELECT 1 FROM user_graph_counts WHERE user_id = ANY($1) ORDER BY user_id FOR UPDATE", new[] { me, other });
        var deltas = new Deltas();
        var result = await work(tx, deltas);
        var counts = new Dictionary<Guid, (long Followers, long Following, long Version)>();
        await using (var update = tx.Command("""
            UPDATE user_graph_counts c SET followers = c.followers + d.f, following = c.following + d.g, version = c.version + 1
            FROM unnest($1::uuid[], $2::bigint[], $3::bigint[]) AS d(id, f, g) WHERE c.user_id = d.id
            RETURNING c.user_id, c.followers, c.following, c.version
            """, new[] { me, other }, new[] { deltas.MeFollowers, deltas.OtherFollowers }, new[] { deltas.MeFollowing, deltas.OtherFollowing }))
        await using (var r = await update.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) counts[r.GetGuid(0)] = (r.GetInt64(1), r.GetInt64(2), r.GetInt64(3));
        }
        bool meFollows, otherFollows, meBlocks, otherBlocks;
        await using (var flags = tx.Command("""
            SELECT EXISTS (SELECT 1 FROM follows WHERE follower_id = $1 AND followee_id = $2),
                   EXISTS (SELECT 1 FROM follows WHERE follower_id = $2 AND followee_id = $1),
                   EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $1 AND blocked_id = $2),
                   EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $2 AND blocked_id = $1)
            """, me, other))
        await using (var r = await flags.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            (meFollows, otherFollows, meBlocks, otherBlocks) = (r.GetBoolean(0), r.GetBoolean(1), r.GetBoolean(2), r.GetBoolean(3));
        }
        await tx.CommitAsync();
        var (mf, mg, mv) = counts[me];
        var (of, og, ov) = counts[other];
        return new PairChange<T>(result,
            new PairState(other, mv, mf, mg, otherFollows, meBlocks, otherBlocks),
            new PairState(me, ov, of, og, meFollows, otherBlocks, meBlocks));
    }

    private static Task EventAsync(Tx tx, string kind, Guid key, Guid actor, Guid target, DateTimeOffset at) =>
        EventOutbox.AppendAsync(tx, EventStreams.Graph, key, actor, kind, new { ActorId = actor, TargetId = target, At = at });

    private static async Task<bool> ExistsAsync(Tx tx, string sql, params object[] args)
    {
        await using var cmd = tx.Command(sql, args);
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }
}
