using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Social;

namespace SocialFlow.Testing;

/// <summary>Graph changes by user id, through the graph grains the endpoints use (edge, counts and event together).</summary>
public sealed class TestGraph(NpgsqlDataSource db, IGrainFactory grains)
{
    public Task FollowAsync(Guid follower, Guid followee) => grains.Ref<ISocialGraphGrain>(followee).FollowAsync(follower);

    public Task UnfollowAsync(Guid follower, Guid followee) => grains.Ref<ISocialGraphGrain>(followee).UnfollowAsync(follower);

    public Task BlockAsync(Guid blocker, Guid blocked) => grains.Ref<ISocialGraphGrain>(blocker).BlockAsync(blocked);

    public Task MuteAsync(Guid muter, Guid muted) => grains.Ref<ISocialGraphGrain>(muter).MuteAsync(muted);

    /// <summary>A bare edge with no event, as if it predated feeds: only a rebuild can find the followee's items.</summary>
    public async Task InsertEdgeWithoutEventAsync(Guid follower, Guid followee)
    {
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($1, $2, now())", follower, followee);
        await tx.CommitAsync();
    }
}
