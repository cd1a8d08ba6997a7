using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Social;

namespace SocialFlow.Grains.Tests.Social;

[Collection(ClusterCollection.Name)]
public sealed class SocialGraphGrainTests(ClusterFixture fixture)
{
    /// <summary>Notices may arrive late: an older pair state must not undo a newer one, for counts or for a block.</summary>
    [Fact]
    public async Task NoticeAsync_OlderPairStateAfterANewerOne_IsIgnored()
    {
        var (me, other) = (Guid.NewGuid(), Guid.NewGuid());
        var graph = fixture.Grains.Ref<ISocialGraphGrain>(me);

        await graph.NoticeAsync(new PairState(other, Version: 5, Followers: 7, Following: 2, OtherFollowsMe: false, IBlockOther: true, OtherBlocksMe: false));
        await graph.NoticeAsync(new PairState(other, Version: 3, Followers: 4, Following: 1, OtherFollowsMe: true, IBlockOther: false, OtherBlocksMe: false));

        Assert.Equal(new GraphCounts(7, 2), await graph.GetCountsAsync());
        Assert.True((await graph.GetRelationAsync(other, withFollow: false)).Blocked);
        Assert.Contains(other, await graph.GetBlockedEitherWayAsync());
    }

    /// <summary>A newer state of another pair moves the counts but must not hide an older, still unapplied state of this pair.</summary>
    [Fact]
    public async Task NoticeAsync_PairStatesAreOrderedPerPair_CountsPerAccount()
    {
        var (me, first, second) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var graph = fixture.Grains.Ref<ISocialGraphGrain>(me);

        await graph.NoticeAsync(new PairState(second, Version: 9, Followers: 1, Following: 0, OtherFollowsMe: false, IBlockOther: false, OtherBlocksMe: false));
        await graph.NoticeAsync(new PairState(first, Version: 8, Followers: 0, Following: 0, OtherFollowsMe: false, IBlockOther: false, OtherBlocksMe: true));

        Assert.Equal(new GraphCounts(1, 0), await graph.GetCountsAsync());
        Assert.True((await graph.GetRelationAsync(first, withFollow: false)).Blocked);
        Assert.False((await graph.GetRelationAsync(second, withFollow: false)).Blocked);
    }
}
