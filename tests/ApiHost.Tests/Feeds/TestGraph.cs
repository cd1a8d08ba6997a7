using Npgsql;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Events;

namespace SocialFlow.ApiHost.Tests.Feeds;

/// <summary>
/// Graph changes as the graph part writes them: the edge, the follower count and the graph event in one transaction.
/// Stands in for the graph endpoints until that branch is merged; then these can become HTTP calls.
/// </summary>
public sealed class TestGraph(NpgsqlDataSource db)
{
    public Task FollowAsync(Guid follower, Guid followee, bool withEvent = true) => ChangeAsync(follower, followee, withEvent ? EventKinds.Graph.Followed : null, """
        WITH edge AS (INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($1, $2, clock_timestamp())
                      ON CONFLICT DO NOTHING RETURNING followee_id)
        INSERT INTO user_graph_counts (user_id, followers) SELECT followee_id, 1 FROM edge
        ON CONFLICT (user_id) DO UPDATE SET followers = user_graph_counts.followers + 1
        """);

    public Task UnfollowAsync(Guid follower, Guid followee) => ChangeAsync(follower, followee, EventKinds.Graph.Unfollowed, Unfollow);

    /// <summary>Blocking removes the follows both ways, then records the block.</summary>
    public Task BlockAsync(Guid blocker, Guid blocked) => ChangeAsync(blocker, blocked, EventKinds.Graph.Blocked, Unfollow, """
        WITH edge AS (DELETE FROM follows WHERE follower_id = $2 AND followee_id = $1 RETURNING followee_id)
        UPDATE user_graph_counts SET followers = followers - 1 WHERE user_id IN (SELECT followee_id FROM edge)
        """, "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING");

    public Task MuteAsync(Guid muter, Guid muted) => ChangeAsync(muter, muted, EventKinds.Graph.Muted,
        "INSERT INTO mutes (muter_id, muted_id, created_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING");

    private const string Unfollow = """
        WITH edge AS (DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2 RETURNING followee_id)
        UPDATE user_graph_counts SET followers = followers - 1 WHERE user_id IN (SELECT followee_id FROM edge)
        """;

    private async Task ChangeAsync(Guid actor, Guid target, string? kind, params string[] statements)
    {
        await using var tx = await Tx.BeginAsync(db);
        foreach (var sql in statements) await tx.ExecuteAsync(sql, actor, target);
        if (kind is not null)
        {
            await EventOutbox.AppendAsync(tx, EventStreams.Graph, target, actor, kind, new { actor_id = actor, target_id = target, at = DateTimeOffset.UtcNow });
        }
        await tx.CommitAsync();
    }
}
