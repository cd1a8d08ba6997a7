using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Videos;

/// <summary>An owner's storage quota: the configured one, four times it while their platform plan has that perk
/// (Premium by default; asked of their subscriber grain, only when an upload starts or changes its length).</summary>
public sealed partial class VideoGrain
{
    private async Task<long> QuotaAsync(Guid ownerId)
    {
        var perks = await GrainFactory.GetGrain<ISubscriberGrain>(ownerId).PlatformPerksAsync();
        return perks.Contains(PlanPerks.UploadQuotaX4) ? Options.QuotaBytesPerUser * 4 : Options.QuotaBytesPerUser;
    }
}
