using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Ads;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Posts;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Ads;

/// <summary>
/// One campaign (key: its id). Its row, creatives and spend live in its tables; memory holds what was spent (rebuilt
/// from ad_serves on activation) and the reservations of ads served but not yet counted. Each reservation is decided
/// in memory before anything is awaited, so spent + reserved never passes a budget; reservations, impressions and
/// clicks interleave with each other while their rows are written (spend and pacing: <c>.Spend.cs</c>).
/// </summary>
public sealed partial class AdCampaignGrain(AdStore store, AdServeWriter writer, AdCatalog catalog, IOptions<AdsOptions> options, TimeProvider clock)
    : Grain, IAdCampaignGrain
{
    private CampaignRow? _row;
    private List<CreativeView> _creatives = [];
    private readonly Dictionary<Guid, PostMediaRecord> _images = [];

    private Guid Id => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _row = await store.CampaignAsync(Id);
        if (_row is null) return;
        _creatives = await store.CreativesAsync(Id);
        foreach (var c in _creatives)
        {
            if (c.ImageId is { } image && await GrainFactory.Ref<IPostMediaGrain>(0).FindAsync(image) is { } media) _images[c.Id] = media;
        }
        await LoadSpendAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_row is not null && _unsettled) await SettleAsync();
    }

    public async Task<CampaignView> CreateAsync(Guid advertiserId, CampaignSpec spec)
    {
        if (_row is not null) return View();
        var row = new CampaignRow(Id, advertiserId, spec, clock.GetUtcNow());
        await store.InsertCampaignAsync(row, row.CreatedAt);
        await LoadSpendAsync();
        _row = row;
        return View();
    }

    public Task<CampaignView?> GetAsync(Guid callerId) => Task.FromResult(_row?.AdvertiserId == callerId ? View() : null);

    public async Task<CampaignResult> UpdateAsync(Guid callerId, CampaignChanges c)
    {
        if (_row is null || _row.AdvertiserId != callerId) return new(CampaignOutcome.NotFound);
        var s = _row.Spec;
        var spec = s with
        {
            Name = c.Name ?? s.Name,
            TotalBudget = c.TotalBudget ?? s.TotalBudget,
            DailyBudget = c.DailyBudget ?? s.DailyBudget,
            Bid = c.Bid ?? s.Bid,
            EndsAt = c.EndsAt ?? s.EndsAt,
            Targeting = c.Targeting ?? s.Targeting,
            FrequencyCap = c.FrequencyCap ?? s.FrequencyCap,
            Status = c.Status ?? s.Status,
        };
        if (spec.DailyBudget > spec.TotalBudget) return new(CampaignOutcome.Invalid, Error: "daily_budget must not exceed total_budget");
        if (spec.EndsAt <= spec.StartsAt) return new(CampaignOutcome.Invalid, Error: "ends_at must be after starts_at");
        // Ads already served may still be counted: a budget below what they hold could be overspent.
        Release(clock.GetUtcNow());
        var reserved = _pending.Values.Sum(p => p.ReservedMilli);
        if (spec.TotalBudget * 1000 < _spentMilli + reserved) return new(CampaignOutcome.Invalid, Error: "total_budget must not be below what is spent and reserved");
        if (spec.DailyBudget * 1000 < _todayMilli) return new(CampaignOutcome.Invalid, Error: "daily_budget must not be below what is spent and reserved today");
        _changing = true;
        try
        {
            await store.UpdateCampaignAsync(Id, spec, clock.GetUtcNow());
        }
        finally
        {
            _changing = false;
        }
        _row = _row with { Spec = spec };
        catalog.Invalidate();
        return new(CampaignOutcome.Done, View());
    }

    public async Task<CreativeResult> AddCreativeAsync(Guid callerId, CreativeSpec spec)
    {
        if (_row is null || _row.AdvertiserId != callerId) return new(CampaignOutcome.NotFound);
        var now = clock.GetUtcNow();
        if (spec is { VideoId: null, ImageId: { } imageId })
        {
            return await AddImageCreativeAsync(callerId, new CreativeView(Guid.CreateVersion7(), null, spec.ClickUrl, CreativeStatus.Pending, now, imageId), imageId);
        }
        var video = spec.VideoId is { } videoId ? await GrainFactory.Ref<IVideoGrain>(videoId).GetAsync(callerId) : null;
        if (video is null || video.OwnerId != callerId || video.Status != VideoStatus.Ready)
        {
            return new(CampaignOutcome.Invalid, Error: "video_id must name a ready video of yours (upload it through tus like any video)");
        }
        var creative = new CreativeView(Guid.CreateVersion7(), video.Id, spec.ClickUrl, CreativeStatus.Pending, now);
        await store.InsertCreativeAsync(Id, callerId, creative);
        _creatives.Add(creative);
        return new(CampaignOutcome.Done, creative);
    }

    /// <summary>The image must be the advertiser's upload (POST /posts/media: checked, re-encoded without metadata, stored)
    /// and free; the creative's insert claims it in the same commit, so no post and no sweeper can take it afterwards.</summary>
    private async Task<CreativeResult> AddImageCreativeAsync(Guid callerId, CreativeView creative, Guid imageId)
    {
        var media = await GrainFactory.Ref<IPostMediaGrain>(0).FindAsync(imageId);
        if (media is null || media.UploaderId != callerId || media.PostId is not null || !await store.InsertCreativeAsync(Id, callerId, creative))
        {
            return new(CampaignOutcome.Invalid, Error: "image_id must name an image you uploaded (POST /posts/media) that no post or other creative uses");
        }
        _creatives.Add(creative);
        _images[creative.Id] = media;
        return new(CampaignOutcome.Done, creative);
    }

    public Task<CreativeImage?> CreativeImageAsync(Guid creativeId, Guid? viewerId, bool moderator)
    {
        if (_row is null || _creatives.Find(c => c.Id == creativeId) is not { } creative || !_images.TryGetValue(creativeId, out var media))
        {
            return Task.FromResult<CreativeImage?>(null);
        }
        var approved = creative.Status == CreativeStatus.Approved;
        return Task.FromResult(approved || moderator || viewerId == _row.AdvertiserId ? new CreativeImage(media, approved) : null);
    }

    /// <summary>What a player shows of an image creative (null for a video creative).</summary>
    private AdImage? ImageOf(CreativeView creative) =>
        _images.TryGetValue(creative.Id, out var m) ? new AdImage(m.Id, m.ContentType, m.Width, m.Height) : null;

    public async Task<ModeratedItem?> ModerateCreativeAsync(Guid creativeId, ContentAction action, AuditActor by, string reason)
    {
        var i = _creatives.FindIndex(c => c.Id == creativeId);
        if (_row is null || i < 0) return null;
        CreativeStatus? status = action switch
        {
            ContentAction.Approve or ContentAction.Restore => CreativeStatus.Approved,
            ContentAction.Remove or ContentAction.Hold => CreativeStatus.Rejected,
            _ => null,
        };
        if (status is not { } decided) return Moderated(_creatives[i]);
        await store.ReviewCreativeAsync(Id, creativeId, decided == CreativeStatus.Approved, action, by, reason, clock.GetUtcNow());
        _creatives[i] = _creatives[i] with { Status = decided };
        catalog.Invalidate();
        return Moderated(_creatives[i]);
    }

    public Task<ModeratedItem?> ModeratedCreativeAsync(Guid creativeId) =>
        Task.FromResult(_creatives.Find(c => c.Id == creativeId) is { } creative && _row is not null ? Moderated(creative) : null);

    private ModeratedItem Moderated(CreativeView c) => new(ModerationTargetType.AdCreative, c.Id, _row!.AdvertiserId, _row.Spec.Name, c.ClickUrl,
        c.ImageId is null ? null : $"/api/v1/ads/campaigns/{Id}/creatives/{c.Id}/image",
        c.Status switch { CreativeStatus.Approved => ContentStanding.Visible, CreativeStatus.Pending => ContentStanding.Held, _ => ContentStanding.Removed },
        false, 0, c.CreatedAt, c.VideoId ?? c.ImageId);

    private CampaignView View() => new(Id, _row!.AdvertiserId, _row.Spec, _spentMilli / 1000, (_pending.Values.Sum(p => p.ReservedMilli) + 999) / 1000,
        [.. _creatives], _row.CreatedAt);
}
