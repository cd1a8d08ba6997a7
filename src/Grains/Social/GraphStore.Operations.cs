using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Social;

namespace SocialFlow.Grains.Social;

/// <summary>The graph's changes; each runs in one pair transaction together with its counts and outbox events.</summary>
public sealed partial class GraphStore
{
    private const string BlockedEitherWay = """
        SELECT EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = $1))
        """;

    public Task<PairChange<FollowResult>> FollowAsync(Guid followeeId, Guid followerId, bool privateAccount, DateTimeOffset now) =>
        InPairAsync(followeeId, followerId, async (tx, deltas) =>
        {
            if (await ExistsAsync(tx, BlockedEitherWay, followeeId, followerId)) return new FollowResult(FollowState.None, false, Blocked: true);
            if (await ExistsAsync(tx, "SELECT EXISTS (SELECT 1 FROM follows WHERE follower_id = $1 AND followee_id = $2)", followerId, followeeId))
            {
                return new FollowResult(FollowState.Following, false);
            }
            if (privateAccount)
            {
                var requested = await tx.ExecuteAsync("""
                    INSERT INTO follow_requests (requester_id, target_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
                    """, followerId, followeeId, now) == 1;
                if (requested) await EventAsync(tx, EventKinds.Graph.FollowRequested, followeeId, followerId, followeeId, now);
                return new FollowResult(FollowState.Requested, requested);
            }
            await InsertFollowAsync(tx, deltas, followeeId, followerId, now);
            return new FollowResult(FollowState.Following, true);
        });

    /// <summary>Removes the follow, else a pending request (cancelled by its requester: no event, nobody is told).</summary>
    public Task<PairChange<FollowResult>> UnfollowAsync(Guid followeeId, Guid followerId, DateTimeOffset now) =>
        InPairAsync(followeeId, followerId, async (tx, deltas) =>
        {
            if (await tx.ExecuteAsync("DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2", followerId, followeeId) == 1)
            {
                deltas.Edge(followeeId, followerId, -1);
                await EventAsync(tx, EventKinds.Graph.Unfollowed, followeeId, followerId, followeeId, now);
                return new FollowResult(FollowState.None, true);
            }
            var cancelled = await tx.ExecuteAsync("DELETE FROM follow_requests WHERE requester_id = $1 AND target_id = $2", followerId, followeeId) == 1;
            return new FollowResult(FollowState.None, cancelled);
        });

    /// <summary>Emits follow_approved (to the requester) and followed (to the target), since a new follow edge exists.</summary>
    public Task<PairChange<bool>> ApproveAsync(Guid targetId, Guid requesterId, DateTimeOffset now) =>
        InPairAsync(targetId, requesterId, async (tx, deltas) =>
        {
            if (await tx.ExecuteAsync("DELETE FROM follow_requests WHERE requester_id = $1 AND target_id = $2", requesterId, targetId) == 0) return false;
            await InsertFollowAsync(tx, deltas, targetId, requesterId, now);
            await EventAsync(tx, EventKinds.Graph.FollowApproved, requesterId, targetId, requesterId, now);
            return true;
        });

    public Task<PairChange<bool>> RejectAsync(Guid targetId, Guid requesterId) =>
        InPairAsync(targetId, requesterId, async (tx, _) =>
            await tx.ExecuteAsync("DELETE FROM follow_requests WHERE requester_id = $1 AND target_id = $2", requesterId, targetId) == 1);

    /// <summary>The block, and the follows and requests of both directions removed, counts adjusted, in one transaction.</summary>
    public Task<PairChange<bool>> BlockAsync(Guid blockerId, Guid blockedId, DateTimeOffset now) =>
        InPairAsync(blockerId, blockedId, async (tx, deltas) =>
        {
            var added = await tx.ExecuteAsync("INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                blockerId, blockedId, now) == 1;
            if (await tx.ExecuteAsync("DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2", blockerId, blockedId) == 1)
            {
                deltas.Edge(blockerId, blockerId, -1);
            }
            if (await tx.ExecuteAsync("DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2", blockedId, blockerId) == 1)
            {
                deltas.Edge(blockerId, blockedId, -1);
            }
            await tx.ExecuteAsync("""
                DELETE FROM follow_requests WHERE (requester_id = $1 AND target_id = $2) OR (requester_id = $2 AND target_id = $1)
                """, blockerId, blockedId);
            if (added) await EventAsync(tx, EventKinds.Graph.Blocked, blockedId, blockerId, blockedId, now);
            return added;
        });

    public Task<PairChange<bool>> UnblockAsync(Guid blockerId, Guid blockedId, DateTimeOffset now) =>
        InPairAsync(blockerId, blockedId, async (tx, _) =>
        {
            var removed = await tx.ExecuteAsync("DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2", blockerId, blockedId) == 1;
            if (removed) await EventAsync(tx, EventKinds.Graph.Unblocked, blockedId, blockerId, blockedId, now);
            return removed;
        });

    /// <summary>Mutes concern the muter alone (the muted account is not told), so no pair lock is needed.</summary>
    public async Task<bool> SetMuteAsync(Guid muterId, Guid mutedId, bool mute, DateTimeOffset now)
    {
        await using var tx = await Tx.BeginAsync(db);
        var changed = mute
            ? await tx.ExecuteAsync("INSERT INTO mutes (muter_id, muted_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", muterId, mutedId, now) == 1
            : await tx.ExecuteAsync("DELETE FROM mutes WHERE muter_id = $1 AND muted_id = $2", muterId, mutedId) == 1;
        if (changed) await EventAsync(tx, mute ? EventKinds.Graph.Muted : EventKinds.Graph.Unmuted, mutedId, muterId, mutedId, now);
        await tx.CommitAsync();
        return changed;
    }

    private static async Task InsertFollowAsync(Tx tx, Deltas deltas, Guid followeeId, Guid followerId, DateTimeOffset now)
    {
        await tx.ExecuteAsync("INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($1, $2, $3)", followerId, followeeId, now);
        await tx.ExecuteAsync("DELETE FROM follow_requests WHERE requester_id = $1 AND target_id = $2", followerId, followeeId);
        deltas.Edge(followeeId, followerId, +1);
        await EventAsync(tx, EventKinds.Graph.Followed, followeeId, followerId, followeeId, now);
    }
}
