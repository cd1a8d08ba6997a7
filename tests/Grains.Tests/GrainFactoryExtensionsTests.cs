using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Videos;
using SocialFlow.Grains.Tests.Infrastructure;

namespace SocialFlow.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class GrainFactoryExtensionsTests(ClusterFixture fx)
{
    [Fact]
    public async Task Ref_IsTheSameGrainAsGetGrain_ForEachInterface()
    {
        var id = Guid.CreateVersion7();
        var content = fx.Grains.Ref<IContentGrain>(id);
        var video = fx.Grains.Ref<IVideoGrain>(id);

        Assert.Equal(fx.Grains.Ref<IContentGrain>(id).GetGrainId(), content.GetGrainId());
        Assert.Equal(fx.Grains.Ref<IVideoGrain>(id).GetGrainId(), video.GetGrainId());
        Assert.NotEqual(content.GetGrainId(), video.GetGrainId());
        Assert.Equal(0, (await content.GetCountsAsync()).Likes); // a call through it reaches the grain
    }
}
