using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Payments;

/// <summary>A video's price (key: the video id), the single writer of its video_prices row. The owner is the one the
/// video's own grain names: someone who cannot see the video gets NotFound, someone who can but does not own it Forbidden.</summary>
public sealed class VideoPriceGrain(PaymentStore store, TimeProvider clock) : Grain, IVideoPriceGrain
{
    private VideoPrice? _price;
    private bool _loaded;

    public async Task<PriceOutcome> SetAsync(Guid callerId, long amount, string currency)
    {
        var id = this.GetPrimaryKey();
        var video = await GrainFactory.Ref<IVideoGrain>(id).GetAsync(callerId);
        if (video is null) return PriceOutcome.NotFound;
        if (video.OwnerId != callerId) return PriceOutcome.Forbidden;
        await store.SetPriceAsync(id, callerId, amount, currency, clock.GetUtcNow());
        (_price, _loaded) = (new VideoPrice(id, callerId, amount, currency), true);
        await GrainFactory.GetGrain<IContentAccessGrain>(id).PriceChangedAsync(_price);
        return PriceOutcome.Done;
    }

    public async Task<VideoPrice?> GetAsync()
    {
        if (_loaded) return _price;
        _price = await store.PriceAsync(this.GetPrimaryKey());
        _loaded = true;
        return _price;
    }
}
