using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Tests.Infrastructure;

namespace SocialFlow.Grains.Tests.Engagement;

[Collection(ClusterCollection.Name)]
public sealed class ContentGrainTests(ClusterFixture fx)
{
    private async Task<IContentGrain> PublishedAsync(Visibility visibility = Visibility.Public)
    {
        var id = Guid.CreateVersion7();
        var grain = fx.Grains.Ref<IContentGrain>(id);
        await grain.PublishAsync(new ContentInfo(id, ContentKind.Video, Guid.NewGuid(), visibility, null, DateTimeOffset.UtcNow));
        return grain;
    }

    [Fact]
    public async Task LikeAndUnlike_InterleavedBySameUser_MemoryAndPostgresAgree()
    {
        var grain = await PublishedAsync();
        var user = Guid.NewGuid();
        var others = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => i % 2 == 0 ? grain.LikeAsync(user) : grain.UnlikeAsync(user))
            .Concat(others.Select(grain.LikeAsync)));

        var liked = (await grain.GetViewerStateAsync(user)).Liked;
        var counts = await grain.GetCountsAsync();
        Assert.Equal(10 + (liked ? 1 : 0), counts.Likes);
        Assert.Equal(counts.Likes, await fx.Database.ScalarAsync<long>("SELECT likes FROM content_counters WHERE content_id = $1", grain.GetPrimaryKey()));
        Assert.Equal(counts.Likes, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM likes WHERE content_id = $1", grain.GetPrimaryKey()));
    }

    [Fact]
    public async Task Like_OnAPrivateItemByAnother_IsNotFoundAndWritesNothing()
    {
        var grain = await PublishedAsync(Visibility.Private);

        var result = await grain.LikeAsync(Guid.NewGuid());

        Assert.Equal(EngagementStatus.NotFound, result.Status);
        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM likes WHERE content_id = $1", grain.GetPrimaryKey()));
    }

    [Fact]
    public async Task Counts_AfterDeactivation_AreReloadedExactly()
    {
        var grain = await PublishedAsync();
        foreach (var u in Enumerable.Range(0, 5).Select(_ => Guid.NewGuid())) await grain.LikeAsync(u);
        await grain.RecordViewAsync("a:" + Guid.NewGuid().ToString("N"), 12);
        await grain.ReactAsync(Guid.NewGuid(), "wow");

        await fx.Grains.Ref<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var counts = await grain.GetCountsAsync();

        Assert.Equal(5, counts.Likes);
        Assert.Equal(1, counts.Views);
        Assert.Equal(1, counts.Reactions["wow"]);
    }
}
