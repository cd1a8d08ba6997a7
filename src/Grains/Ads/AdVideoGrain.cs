using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Ads;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Ads;

/// <summary>A video's ads setting (key: the video): off until its owner opts in. Kept in memory, read on every decision.</summary>
public sealed class AdVideoGrain(AdStore store, TimeProvider clock) : Grain, IAdVideoGrain
{
    private bool _enabled;

    private Guid VideoId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => _enabled = await store.VideoEnabledAsync(VideoId);

    public async Task<bool> SetEnabledAsync(Guid callerId, bool enabled)
    {
        if (await GrainFactory.Ref<IVideoGrain>(VideoId).GetAsync(callerId) is not { } video || video.OwnerId != callerId) return false;
        await store.SetVideoEnabledAsync(VideoId, callerId, enabled, clock.GetUtcNow());
        _enabled = enabled;
        return true;
    }

    public Task<bool> EnabledAsync() => Task.FromResult(_enabled);
}
