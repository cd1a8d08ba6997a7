using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Interfaces.Ads;

/// <summary>
/// One campaign (key: its id): the single writer of its ad_campaigns row, its creatives, its served ads (ad_serves)
/// and its revenue settlements. Spend is reserved here before an ad is served and released when unused, so a budget is
/// never overspent; pacing spreads the daily budget over the day.
/// </summary>
public interface IAdCampaignGrain : IGrainWithGuidKey
{
    Task<CampaignView> CreateAsync(Guid advertiserId, CampaignSpec spec);

    /// <summary>Null when it does not exist or is not <paramref name="callerId"/>'s.</summary>
    Task<CampaignView?> GetAsync(Guid callerId);

    Task<CampaignResult> UpdateAsync(Guid callerId, CampaignChanges changes);

    /// <summary>Adds a creative (pending: the moderation queue gets it). The video must be the advertiser's own and ready; an
    /// image must be one they uploaded (as post images are) that no post and no other creative uses: it becomes the creative's.</summary>
    Task<CreativeResult> AddCreativeAsync(Guid callerId, CreativeSpec spec);

    /// <summary>An image creative's image for <paramref name="viewerId"/>: anyone's once the creative is approved (players
    /// fetch it without credentials); while pending or rejected only the advertiser's and moderators'. Null otherwise.</summary>
    [Orleans.Concurrency.ReadOnly] Task<CreativeImage?> CreativeImageAsync(Guid creativeId, Guid? viewerId, bool moderator);

    /// <summary>A moderator's action on a creative (through the moderation queue), audited: approve or restore lets it
    /// serve, remove or hold rejects it, others change nothing. Null when the campaign has no such creative.</summary>
    Task<ModeratedItem?> ModerateCreativeAsync(Guid creativeId, ContentAction action, AuditActor by, string reason);

    /// <summary>A creative as the moderation queue shows it: held while pending, removed once rejected.</summary>
    [Orleans.Concurrency.ReadOnly] Task<ModeratedItem?> ModeratedCreativeAsync(Guid creativeId);

    /// <summary>Reserves the cost of one ad for this request and records it as served, or says why budget, schedule,
    /// status or pacing refuse. Interleaves: decided in memory before its row is written.</summary>
    [Orleans.Concurrency.AlwaysInterleave] Task<Reservation> ReserveAsync(AdRequest request, Guid creativeId);

    [Orleans.Concurrency.AlwaysInterleave] Task<AdEventOutcome> ImpressionAsync(Guid serveId);

    [Orleans.Concurrency.AlwaysInterleave] Task<AdEventOutcome> ClickAsync(Guid serveId);

    /// <summary>Credits what was spent and not yet settled to the videos' creators through the payments ledger.</summary>
    Task SettleAsync();
}

/// <summary>One viewer's ad decisions (key: the viewer): not reentrant, so the frequency cap is exact however many
/// requests arrive at once.</summary>
public interface IAdViewerGrain : IGrainWithGuidKey
{
    /// <summary>The eligible ad with the highest expected value, reserved and served; null when none.</summary>
    Task<AdServe?> DecideAsync(AdRequest request);

    /// <summary>The viewer's interests changed (told by their interests grain): targeting uses these from the next decision.</summary>
    Task InterestsChangedAsync(IReadOnlyList<string> interests);
}

/// <summary>Whether a video's creator shows ads on it (key: the video id); the single writer of its ad_video_settings row.</summary>
public interface IAdVideoGrain : IGrainWithGuidKey
{
    /// <summary>False when the caller is not the video's owner (or there is no such video).</summary>
    Task<bool> SetEnabledAsync(Guid callerId, bool enabled);

    [Orleans.Concurrency.ReadOnly] Task<bool> EnabledAsync();
}

/// <summary>Reads across campaigns, from any silo ([StatelessWorker]): an advertiser's campaigns, the ads analytics, and
/// the campaign a creative belongs to (for the moderation queue).</summary>
public interface IAdDirectoryGrain : IGrainWithIntegerKey
{
    Task<CampaignPage> CampaignsAsync(Guid advertiserId, Paging.PageCursor? after, int limit);

    /// <summary>Per campaign, creative and day of <paramref name="advertiserId"/>'s campaigns (or one campaign, when
    /// it is theirs; an empty list otherwise).</summary>
    Task<IReadOnlyList<AdDayRow>> AdvertiserDaysAsync(Guid advertiserId, Guid? campaignId, DateOnly from, DateOnly to);

    /// <summary>A creator's ad revenue (their share, as credited) per video and day.</summary>
    Task<IReadOnlyList<CreatorAdDayRow>> CreatorDaysAsync(Guid creatorId, DateOnly from, DateOnly to);

    Task<Guid?> CampaignOfCreativeAsync(Guid creativeId);
}

[GenerateSerializer, Immutable]
public sealed record CampaignPage([property: Id(0)] IReadOnlyList<CampaignView> Items, [property: Id(1)] Paging.PageCursor? Next);

/// <summary>One campaign's creative on one day (UTC). Spend in minor units; reach: distinct viewers with an impression.</summary>
[GenerateSerializer, Immutable]
public sealed record AdDayRow(
    [property: Id(0)] Guid CampaignId, [property: Id(1)] Guid CreativeId, [property: Id(2)] DateOnly Day, [property: Id(3)] long Impressions,
    [property: Id(4)] long Clicks, [property: Id(5)] long Spend, [property: Id(6)] long Reach, [property: Id(7)] string Currency);

[GenerateSerializer, Immutable]
public sealed record CreatorAdDayRow(
    [property: Id(0)] Guid VideoId, [property: Id(1)] DateOnly Day, [property: Id(2)] long Revenue, [property: Id(3)] string Currency);
