using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Ads;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Ads;

/// <summary>Reads across campaigns (key 0), on any silo. A campaign's spent and reserved figures come from its grain.</summary>
[StatelessWorker]
public sealed class AdDirectoryGrain(AdStore store) : Grain, IAdDirectoryGrain
{
    public async Task<CampaignPage> CampaignsAsync(Guid advertiserId, PageCursor? after, int limit)
    {
        var (rows, next) = await store.CampaignsAsync(advertiserId, after, PageLimit.Clamp(limit));
        var views = await Task.WhenAll(rows.Select(r => GrainFactory.Ref<IAdCampaignGrain>(r.Id).GetAsync(advertiserId)));
        return new CampaignPage([.. views.OfType<CampaignView>()], next);
    }

    public async Task<IReadOnlyList<AdDayRow>> AdvertiserDaysAsync(Guid advertiserId, Guid? campaignId, DateOnly from, DateOnly to) =>
        await store.AdvertiserDaysAsync(advertiserId, campaignId, from, to);

    public async Task<IReadOnlyList<CreatorAdDayRow>> CreatorDaysAsync(Guid creatorId, DateOnly from, DateOnly to) =>
        await store.CreatorDaysAsync(creatorId, from, to);

    public Task<Guid?> CampaignOfCreativeAsync(Guid creativeId) => store.CampaignOfCreativeAsync(creativeId);
}
